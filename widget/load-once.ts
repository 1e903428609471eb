/**
 * Code the widget loads when first needed (a chunk of its own): loaded once and shared by every
 * caller; a failed load is tried again by the next caller.
 *
 *   const loadPanel = loadOnce(() => import('./panel.ts'));
 *   const { Panel } = await loadPanel();
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((err) => {
      loading = null;
      throw err;
    }));
}
