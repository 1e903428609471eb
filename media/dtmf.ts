/** DTMF through RTCDTMFSender (RFC 4733 telephone events in the audio stream). */
import { invalidArgs, invalidState } from './errors.ts';

const DTMF_TONES = /^[0-9A-D#*,]{1,40}$/i;
const DTMF_DURATION_MS = 100;
const DTMF_GAP_MS = 70;

export const isDtmfTone = (tone: string): boolean => tone.length === 1 && DTMF_TONES.test(tone);

/** Plays `tones` on the audio sender, calling `onTone` as each starts; resolves when all played. */
export async function playDtmf(sender: RTCRtpSender | undefined, tones: string, onTone: (tone: string) => void): Promise<void> {
  if (typeof tones !== 'string' || !DTMF_TONES.test(tones)) throw invalidArgs('DTMF tones are 1 to 40 of 0-9, A-D, #, * and ,');
  const dtmf = sender?.dtmf;
  // canInsertDTMF looks at the negotiated direction only: on hold the sender has no track to carry tones.
  if (!dtmf || !dtmf.canInsertDTMF || !sender.track) throw invalidState('DTMF needs a connected call that sends audio (not on hold)');
  await new Promise<void>((resolve) => {
    // Browsers end with an empty tone; the timer is a bound in case that never comes (a closed connection).
    const timer = setTimeout(done, tones.length * (DTMF_DURATION_MS + DTMF_GAP_MS) * 4 + 2_000);
    function done() {
      clearTimeout(timer);
      dtmf!.ontonechange = null;
      resolve();
    }
    dtmf.ontonechange = ({ tone }) => (tone ? onTone(tone) : done());
    dtmf.insertDTMF(tones, DTMF_DURATION_MS, DTMF_GAP_MS);
  });
}

/** Sends waiting their turn: tones asked while others play would otherwise replace them (insertDTMF). */
const MAX_WAITING_SENDS = 40;

export class DtmfQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Plays `tones` after the tones already asked for; `sender` is read when their turn comes. */
  play(sender: () => RTCRtpSender | undefined, tones: string, onTone: (tone: string) => void): Promise<void> {
    if (this.waiting >= MAX_WAITING_SENDS) return Promise.reject(invalidState(`${MAX_WAITING_SENDS} DTMF sends are already waiting`));
    this.waiting++;
    const run = this.tail.then(() => playDtmf(sender(), tones, onTone)).finally(() => this.waiting--);
    this.tail = run.catch(() => {});
    return run;
  }
}
