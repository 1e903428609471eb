/** Host API: teams, services, dispositions, notes and the reschedule window. */
import {
  invalidArgs,
  ProtocolError,
  userState,
  type Disposition,
  type DispositionData,
  type QueueView,
  type RescheduleData,
  type ServiceData,
  type WidgetHostApi,
} from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { InteractionStore } from '../../session/interaction-store.ts';
import { HostFailure, str, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  | 'getTeams'
  | 'getTeamMembers'
  | 'getServicesList'
  | 'getDispositionsList'
  | 'setDisposition'
  | 'setRescheduleWindow'
  | 'addNote'
  | 'updateNote'
  | 'replaceNote'
  | 'setAgentNote'
>;

const lower = (s: string) => s.toLowerCase();

export const dispositionData = (d: Disposition): DispositionData => ({ id: d.id, code: d.code ?? d.id, name: d.name, type: d.type ?? 'SUCCESS' });

/** The disposition a host names by id, code or name (case-insensitive). */
export function dispositionId(store: InteractionStore, wanted: string): string {
  const w = lower(wanted);
  const found = store.dispositions.find((d) => d.id === wanted) ?? store.dispositions.find((d) => lower(d.code ?? d.id) === w || lower(d.name) === w);
  if (!found) throw new ProtocolError('no_disposition', `no disposition ${wanted}: give its id, code or name (getDispositionsList)`);
  return found.id;
}

export const serviceData = (store: InteractionStore, q: QueueView): ServiceData => ({
  id: q.id,
  name: q.name,
  useDispositions: store.dispositions.length > 0,
  requireDisposition: q.requireDisposition,
});

/** The service a host names by id or name. */
export function findService(store: InteractionStore, wanted: string): QueueView {
  const found = store.queues.find((q) => q.id === wanted) ?? store.queues.find((q) => lower(q.name) === lower(wanted));
  if (!found) throw new HostFailure('object_not_found', `no service ${wanted}`);
  return found;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$|^\d{1,2}:\d{2}$/;

function reschedule(data: unknown): RescheduleData {
  const d = data as Partial<RescheduleData> | null;
  if (typeof d?.numberToDial !== 'string' || typeof d.fromTime !== 'string' || typeof d.untilTime !== 'string') {
    throw invalidArgs('rescheduleData needs numberToDial, fromTime and untilTime');
  }
  if (!TIME.test(d.fromTime) || !TIME.test(d.untilTime)) throw invalidArgs('fromTime and untilTime must be ISO 8601 date-times (or HH:MM)');
  if (d.timezoneCode !== undefined && typeof d.timezoneCode !== 'string') throw invalidArgs('timezoneCode must be a string');
  return { numberToDial: d.numberToDial, fromTime: d.fromTime, untilTime: d.untilTime, ...(d.timezoneCode && { timezoneCode: d.timezoneCode }) };
}

export function directoryMethods(session: AgentSession, r: Results): Methods {
  const { store } = session;
  return {
    getTeams: () => r.act(() => store.teams.map((t) => ({ id: t.id, displayName: t.name, isSupervised: false, usersCount: t.agents.length }))),
    getTeamMembers: (teamId) =>
      r.act(async () => {
        const team = store.teams.find((t) => t.id === str(teamId, 'teamId'));
        if (!team) throw new HostFailure('object_not_found', `no team ${teamId}`);
        const members = await session.actions.teamMembers();
        return members
          .filter((m) => team.agents.includes(m.id))
          .map((m) => {
            const [firstName, ...rest] = m.name.split(' ');
            return { id: m.id, teamId: team.id, firstName, lastName: rest.join(' '), phone: '', state: userState(m) };
          });
      }),
    getServicesList: () => r.act(() => store.queues.map((q) => serviceData(store, q))),
    getDispositionsList: (target) =>
      r.act(() => {
        if (target !== undefined && (typeof target !== 'object' || target === null)) throw invalidArgs('target must be {service?, interactionId?}');
        if (target?.service !== undefined) findService(store, str(target.service, 'target.service'));
        if (target?.interactionId && (!store.contacts.has(target.interactionId) || store.listOf(target.interactionId) === 'hidden')) {
          throw new HostFailure('no_interaction', `no interaction ${target.interactionId}`);
        }
        // One list for every service (Switchboard's dispositions are not per service).
        return store.dispositions.map(dispositionData);
      }),
    setDisposition: (disposition, id) => r.withInteraction(id, (i) => session.actions.setDisposition(i, dispositionId(store, str(disposition, 'disposition')))),
    setRescheduleWindow: (data, id) => r.withInteraction(id, (i) => session.actions.setContext(i, 'reschedule', reschedule(data))),
    addNote: (note, id) =>
      r.withInteraction(id, async (i) => {
        await session.actions.addNote(i, str(note, 'note'));
      }),
    updateNote: (note, id) =>
      r.withInteraction(id, async (i) => {
        const mine = store.contacts.get(i)!.notes.filter((n) => n.agentId === store.agent?.id);
        const last = mine.at(-1);
        if (last) await session.actions.updateNote(i, last.id, str(note, 'note'));
        else await session.actions.addNote(i, str(note, 'note'));
      }),
    setAgentNote: (note, id) => r.withInteraction(id, (i) => session.actions.addNote(i, str(note, 'note'))),
    replaceNote: (note, id) =>
      r.withInteraction(id, async (i) => {
        await session.actions.replaceNotes(i, str(note, 'note'));
      }),
  };
}
