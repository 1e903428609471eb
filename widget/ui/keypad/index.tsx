import { t } from '../../i18n/index.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The DTMF keypad: each key sends its digit at once; the digits sent show above it. Keys 0-9, * and # work from the keyboard too. */
export function Keypad({ sent, onDigit }: { sent: string; onDigit: (digit: string) => void }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if ((KEYS as readonly string[]).includes(e.key) && !(e.target instanceof HTMLButtonElement && e.key === ' ')) {
      e.preventDefault();
      onDigit(e.key);
    }
  };
  return (
    <div class="sb-keypad" data-keypad onKeyDown={onKeyDown}>
      <output class="sb-keypad-sent" aria-label={t('call.digits')} aria-live="polite" data-dtmf-sent={sent}>
        {sent.slice(-24) || '\u00a0'}
      </output>
      <div class="sb-keypad-keys" role="group" aria-label={t('call.keypad')}>
        {KEYS.map((key) => (
          <button type="button" class="sb-secondary" data-digit={key} onClick={() => onDigit(key)}>
            {key}
          </button>
        ))}
      </div>
    </div>
  );
}
