/** The recording service of a server that has none plugged in: starting a recording is refused with a clear reason, no link exists. */
import { ProtocolError, notFound } from '../../protocol/index.ts';
import type { RecordingService } from '../recordings/service.ts';

export const unavailableRecordings: RecordingService = {
  begin() {
    throw new ProtocolError('not_suitable_state', 'call recording is not available on this server');
  },
  end() {},
  link(recordingId) {
    throw notFound(`recording ${recordingId}`);
  },
};
