/** The chat box's stylesheet (scoped under .sbc). */
export const STYLE = `
.sbc{font:14px system-ui,sans-serif;border:1px solid #d0d5dc;border-radius:10px;width:320px;display:flex;flex-direction:column;background:#fff;color:#1d2430;overflow:hidden}
.sbc header{background:#2f5bea;color:#fff;padding:10px 12px;font-weight:600}
.sbc ol{list-style:none;margin:0;padding:10px;height:240px;overflow-y:auto;display:flex;flex-direction:column;gap:6px}
.sbc li{max-width:80%;padding:6px 10px;border-radius:8px;background:#f1f3f5}
.sbc li.me{align-self:flex-end;background:#dce6ff}
.sbc li.sys{align-self:center;background:none;color:#6b7480;font-size:12px}
.sbc form{display:flex;gap:6px;padding:8px;border-top:1px solid #e2e6ea}
.sbc input{flex:1;font:inherit;padding:6px 8px;border:1px solid #d0d5dc;border-radius:8px}
.sbc button{font:inherit;border:0;border-radius:8px;padding:6px 10px;background:#2f5bea;color:#fff;cursor:pointer}
.sbc button.sbc-end{background:#6b7480}
.sbc [hidden]{display:none}
.sbc-status{margin:0;padding:0 10px;font-size:12px;color:#6b7480;min-height:1em}
.sbc-connection{margin:0;padding:4px 12px;font-size:12px;background:#fff4e5;color:#5c3b00}
.sbc li.sbc-pending{opacity:.6}
.sbc header{display:flex;align-items:center;justify-content:space-between;gap:8px}
.sbc .sbc-call-button{background:rgba(255,255,255,.18);padding:4px 8px}
.sbc-call{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:8px 10px;background:#eef3ff;border-bottom:1px solid #d0d9f5}
.sbc-call-status{flex:1 1 100%;font-weight:600}
.sbc .sbc-hangup{background:#c62828}
.sbc button[aria-pressed=true]{background:#1d2430}
.sbc-video{width:100%;max-height:180px;background:#000;border-radius:6px}
.sbc-sharing{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 10px;background:#c62828;color:#fff;font-weight:600}
.sbc-sharing button{background:#fff;color:#c62828}
.sbc-ask{display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:8px 10px;background:#fff4e5}
.sbc-ask span{flex:1 1 100%}`;
