/** Host API: directory, wrap-up and CRM context. */
import { ProtocolError, notFound, type WidgetHostApi } from '../../../protocol/index.ts';
import type { BrandingState } from '../../branding.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { invalid, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  | 'getTeams'
  | 'getTeamMembers'
  | 'getServicesList'
  | 'getDispositionsList'
  | 'setDisposition'
  | 'addNote'
  | 'updateNote'
  | 'replaceNote'
  | 'getConfig'
  | 'getVariables'
  | 'setVariable'
  | 'addInteractionAssociatedObject'
  | 'setWidgetMinimized'
>;

export const WIDGET_VERSION = '0.1.0';

export function directoryMethods(session: AgentSession, r: Results, branding: BrandingState, isOwner: () => boolean): Methods {
  const { store } = session;
  const interaction = (id: string) => store.interactions().find((i) => i.interactionId === id)!;
  const str = (value: unknown, what: string) => {
    if (typeof value !== 'string') throw invalid(`${what} must be a string`);
    return value;
  };
  return {
    getTeams: () => r.act(() => store.teams.map(({ id, name }) => ({ id, name }))),
    getTeamMembers: (teamId) =>
      r.act(async () => {
        const members = await session.actions.teamMembers();
        if (teamId === undefined) return members;
        const team = store.teams.find((t) => t.id === teamId);
        if (!team) throw notFound(`team ${teamId}`);
        return members.filter((m) => team.agents.includes(m.id));
      }),
    getServicesList: () => r.act(() => store.queues.map(({ id, name }) => ({ id, name }))),
    getDispositionsList: () => r.act(() => store.dispositions),
    setDisposition: (id, dispositionId) =>
      r.withInteraction(id, async () => {
        if (!store.dispositions.some((d) => d.id === dispositionId)) throw new ProtocolError('no_disposition', `no disposition ${dispositionId}`);
        await session.actions.setDisposition(id, dispositionId);
        return interaction(id);
      }),
    addNote: (id, note) => r.withInteraction(id, () => session.actions.addNote(id, str(note, 'note'))),
    updateNote: (id, noteId, note) => r.withInteraction(id, () => session.actions.updateNote(id, str(noteId, 'noteId'), str(note, 'note'))),
    replaceNote: (id, note) => r.withInteraction(id, () => session.actions.replaceNotes(id, str(note, 'note'))),
    getConfig: () =>
      r.run(() => {
        const b = branding.current;
        const { state, processed, ignoredDuplicate, outOfOrder } = session.connection;
        return {
          productName: b.productName,
          locale: b.locale,
          features: b.features,
          version: WIDGET_VERSION,
          sessionOwner: isOwner(),
          connection: { state, processed, ignoredDuplicate, outOfOrder },
        };
      }),
    getVariables: (id) => r.withInteraction(id, () => ({ ...store.contacts.get(id)!.attachedData })),
    setVariable: (id, name, value) => r.withInteraction(id, () => session.actions.setVariable(id, str(name, 'name'), str(value, 'value'))),
    addInteractionAssociatedObject: (id, object) =>
      r.withInteraction(id, () => {
        if (typeof object?.type !== 'string' || typeof object?.id !== 'string') throw invalid('object needs a type and an id');
        return session.actions.setVariable(id, `crm.${object.type}`, object.displayName ? `${object.id} ${object.displayName}` : object.id);
      }),
    setWidgetMinimized: (minimized) =>
      r.run(() => {
        if (typeof minimized !== 'boolean') throw invalid('minimized must be a boolean');
        store.setMinimized(minimized);
      }),
  };
}
