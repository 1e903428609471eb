/**
 * Sending files from the chat box: an attach button beside the reply box and files dropped on
 * the box. Each file shows at once with a progress bar; a refused one goes away with the
 * server's reason (too large, type not allowed, ...).
 */
import type { CustomerChat } from '../sdk.ts';
import { el } from './dom.ts';
import type { Translate } from './strings.ts';
import type { mountTranscript } from './transcript.ts';

const CLIP_ICON =
  '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11.5 12.3 19.2a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3"/></svg>';

export function mountAttach(chat: CustomerChat, form: HTMLFormElement, panel: HTMLElement, transcript: ReturnType<typeof mountTranscript>, t: Translate) {
  const input = el('input', { type: 'file', multiple: true, hidden: true, name: 'file' });
  const button = el('button', { type: 'button', className: 'sbc-attach', title: t('attach'), ariaLabel: t('attach'), disabled: true });
  button.dataset.action = 'attach';
  button.innerHTML = CLIP_ICON;
  form.prepend(button, input);
  const dropHint = el('div', { className: 'sbc-drop', hidden: true, textContent: t('dropFiles') });
  panel.append(dropHint);

  const send = (file: File) => {
    const shown = transcript.uploading(file.name);
    chat.sendMedia(file, ({ loaded, total }) => shown.progress(total ? loaded / total : 1)).then(
      (reply) => shown.sent(reply.message),
      (err: Error) => {
        shown.failed();
        transcript.notice(t('fileNotSent', { name: file.name, error: err.message }));
      },
    );
  };
  button.onclick = () => input.click();
  input.onchange = () => {
    [...(input.files ?? [])].forEach(send);
    input.value = '';
  };

  // Files dropped anywhere on the open chat are sent.
  const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
  panel.addEventListener('dragover', (e) => {
    if (button.disabled || !carriesFiles(e)) return;
    e.preventDefault();
    dropHint.hidden = false;
  });
  panel.addEventListener('dragleave', (e) => {
    if (!panel.contains(e.relatedTarget as Node | null)) dropHint.hidden = true;
  });
  panel.addEventListener('drop', (e) => {
    dropHint.hidden = true;
    if (button.disabled || !carriesFiles(e)) return;
    e.preventDefault();
    [...(e.dataTransfer?.files ?? [])].forEach(send);
  });

  return {
    /** Files can be sent while the chat is open. */
    setEnabled: (on: boolean) => (button.disabled = !on),
  };
}
