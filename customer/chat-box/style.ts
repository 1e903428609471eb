/**
 * The chat box's stylesheet (scoped under .sbc-root). A floating launcher with the box above it;
 * at phone widths the open box takes the whole screen, sized to what the keyboard leaves.
 */
export const STYLE = `
.sbc-root{--sbc-accent:#2f5bea;font:14px system-ui,sans-serif;color:#1d2430}
.sbc-root [hidden]{display:none!important}
.sbc-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;background:var(--sbc-accent);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0}
.sbc-launcher-icon{width:24px;height:20px;border-radius:6px;background:#fff;position:relative}
.sbc-launcher-icon::after{content:"";position:absolute;left:5px;bottom:-6px;border:6px solid transparent;border-top-color:#fff;border-left-color:#fff}
.sbc-root[data-open=true] .sbc-launcher-icon{width:18px;height:3px;border-radius:2px}
.sbc-root[data-open=true] .sbc-launcher-icon::after{display:none}
.sbc-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#c62828;color:#fff;font:600 12px/20px system-ui,sans-serif}
.sbc-root[data-open=false] .sbc{display:none}
.sbc{position:fixed;right:20px;bottom:88px;z-index:2147483000;box-sizing:border-box;width:360px;max-width:calc(100vw - 40px);height:min(560px,calc(100dvh - 108px));display:flex;flex-direction:column;border:1px solid #d0d5dc;border-radius:12px;background:#fff;overflow:hidden;box-shadow:0 8px 28px rgba(0,0,0,.18)}
.sbc *{box-sizing:border-box}
.sbc header{display:flex;align-items:center;gap:8px;background:var(--sbc-accent);color:#fff;padding:10px 12px;font-weight:600;min-width:0}
.sbc-identity{display:flex;align-items:center;gap:8px;flex:1;min-width:0;overflow:hidden}
.sbc-identity span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sbc-avatar{flex:none;width:28px;height:28px;border-radius:50%;display:inline-grid;place-items:center;color:#fff;font-size:12px;font-weight:600;object-fit:cover;background:#6b7480}
.sbc header .sbc-avatar{box-shadow:0 0 0 2px rgba(255,255,255,.6)}
.sbc .sbc-minimize{background:rgba(255,255,255,.18);padding:2px 10px;font-size:18px;line-height:1}
.sbc ol{list-style:none;margin:0;padding:10px;flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;display:flex;flex-direction:column;gap:8px}
.sbc li{max-width:85%;min-width:0;overflow-wrap:anywhere}
.sbc-msg{display:flex;align-items:flex-end;gap:6px;align-self:flex-start}
.sbc-msg.me{align-self:flex-end}
.sbc-bubble{min-width:0;padding:6px 10px;border-radius:10px;background:#f1f3f5;display:flex;flex-direction:column;gap:2px}
.sbc-msg.me .sbc-bubble{background:#dce6ff}
.sbc-name{font-size:12px;font-weight:600;color:#46505c}
.sbc-text{white-space:pre-wrap;overflow-wrap:anywhere}
.sbc-meta{align-self:flex-end;display:flex;align-items:center;gap:4px}
.sbc-time{font-size:11px;color:#6b7480}
.sbc-tick{font-size:11px;line-height:1;color:#6b7480;letter-spacing:-3px;padding-right:3px}
.sbc-tick[data-read]{color:var(--sbc-accent)}
.sbc li.sys{align-self:center;text-align:center;background:none;color:#6b7480;font-size:12px}
.sbc a.sbc-link{color:inherit;text-decoration:underline;overflow-wrap:anywhere}
.sbc-rich-image{display:block;max-width:100%;height:auto;border-radius:8px}
.sbc-card{display:flex;flex-direction:column;gap:4px;padding:8px;border:1px solid #d0d5dc;border-radius:8px;background:#fff}
.sbc-card-subtitle{font-size:12px;color:#46505c}
.sbc-rich-actions{display:flex;flex-wrap:wrap;gap:4px}
.sbc .sbc-postback,.sbc a.sbc-link-button{font:inherit;padding:5px 10px;border:1px solid var(--sbc-accent);border-radius:8px;background:#fff;color:var(--sbc-accent);text-decoration:none;cursor:pointer}
.sbc .sbc-title{font-weight:600}
.sbc .sbc-subtitle{font-size:12px;color:#46505c}
.sbc li.sbc-quick{align-self:flex-end;display:flex;flex-wrap:wrap;justify-content:flex-end;gap:6px;max-width:100%}
.sbc li.sbc-quick .sbc-postback{border-radius:16px}
.sbc-imported .sbc-bubble{background:#f7f7f9;border:1px dashed #c4c9d0}
.sbc-msg.me.sbc-imported .sbc-bubble{background:#edf2ff}
.sbc li.sbc-pending{opacity:.6}
.sbc-typing{margin:0;padding:0 12px 4px;font-size:12px;font-style:italic;color:#6b7480}
.sbc form{display:flex;gap:6px;padding:8px;border-top:1px solid #e2e6ea}
.sbc input{flex:1;min-width:0;font:inherit;padding:8px;border:1px solid #d0d5dc;border-radius:8px}
.sbc form.sbc-reply{align-items:flex-end}
.sbc form.sbc-reply button{min-height:38px}
.sbc textarea{flex:1;min-width:0;font:inherit;line-height:20px;padding:8px;border:1px solid #d0d5dc;border-radius:8px;resize:none;height:38px;max-height:128px;overflow-y:auto}
.sbc textarea[aria-invalid=true]{border-color:#b3261e;outline-color:#b3261e}
.sbc-counter{margin:0;padding:4px 10px 0;font-size:12px;color:#6b7480;text-align:end}
.sbc-counter.sbc-over{color:#b3261e;font-weight:600;text-align:start}
.sbc button{font:inherit;border:0;border-radius:8px;padding:6px 10px;background:var(--sbc-accent);color:#fff;cursor:pointer}
.sbc button:disabled{opacity:.5;cursor:default}
.sbc button.sbc-end{background:#6b7480}
.sbc-actions{display:flex;justify-content:flex-end;padding:0 8px}
.sbc-actions:not(:has(> :not([hidden]))){display:none}
.sbc button.sbc-download{margin-right:auto;padding:6px 2px;background:none;color:var(--sbc-accent);text-decoration:underline}
.sbc-status{margin:0;padding:0 10px;font-size:12px;color:#6b7480}
.sbc-status:empty{display:none}
.sbc-connection{margin:0;padding:4px 12px;font-size:12px;background:#fff4e5;color:#5c3b00}
.sbc .sbc-attach{flex:none;background:none;color:var(--sbc-accent);padding:6px;display:inline-grid;place-items:center}
.sbc-file{display:flex;align-items:center;gap:6px;min-width:0;color:inherit;text-decoration:none}
.sbc-file:hover .sbc-file-name{text-decoration:underline}
.sbc-file-icon{flex:none;display:inline-grid;color:var(--sbc-accent)}
.sbc-file-name{min-width:0;overflow-wrap:anywhere;font-weight:600}
.sbc-file-size{flex:none;font-size:12px;color:#6b7480}
.sbc-thumb{display:block;max-width:min(220px,100%);max-height:180px;border-radius:6px;background:#e2e6ea}
.sbc-progress{width:100%;min-width:120px;height:6px;accent-color:var(--sbc-accent)}
.sbc-drop{position:absolute;inset:0;display:grid;place-items:center;padding:20px;text-align:center;background:rgba(47,91,234,.12);border:2px dashed var(--sbc-accent);border-radius:inherit;color:var(--sbc-accent);font-weight:600;pointer-events:none}
.sbc form.sbc-csat{flex-direction:column;align-items:stretch;gap:6px}
.sbc-csat p{margin:0}
.sbc-csat-title{font-weight:600}
.sbc-stars,.sbc-answers{display:flex;gap:4px}
.sbc .sbc-star{background:none;color:#c4c9d0;font-size:24px;padding:0 2px}
.sbc .sbc-star[aria-pressed=true]{color:#f2a900;background:none}
.sbc .sbc-answer{background:#eef1f5;color:#1d2430}
.sbc .sbc-answer[aria-pressed=true]{background:var(--sbc-accent);color:#fff}
.sbc-csat-note{font-size:12px;color:#8a4b00}
.sbc-csat-note:empty{display:none}
.sbc .sbc-call-button{background:rgba(255,255,255,.18);padding:4px 8px;display:inline-grid;place-items:center}
.sbc-call{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:8px 10px;background:#eef3ff;border-bottom:1px solid #d0d9f5}
.sbc-call-status{flex:1 1 100%;font-weight:600}
.sbc .sbc-hangup{background:#c62828}
.sbc button[aria-pressed=true]{background:#1d2430}
.sbc-video{width:100%;max-height:180px;background:#000;border-radius:6px}
.sbc-sharing{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 10px;background:#c62828;color:#fff;font-weight:600}
.sbc-sharing button{background:#fff;color:#c62828}
.sbc-ask{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:8px 10px;background:#fff4e5}
.sbc-ask span{flex:1 1 100%}
@media (max-width:480px){
.sbc{inset:var(--sbc-top,0) 0 auto 0;width:100%;max-width:none;height:var(--sbc-vh,100dvh);border:0;border-radius:0;box-shadow:none}
.sbc-root[data-open=true] .sbc-launcher{display:none}
}`;
