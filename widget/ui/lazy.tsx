/**
 * A component whose code loads the first time it is shown (a chunk of its own): the widget's
 * first load carries only what every agent sees at once; the call panel, the audio settings, the
 * transfer form and a chat's CRM panel and knowledge base come when first needed, or earlier,
 * prefetched once the agent is logged in and the page is idle (prefetch.ts).
 */
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadOnce } from '../load-once.ts';

export type LazyComponent<P> = FunctionComponent<P> & {
  /** Loads the code now (when it will soon be shown); once loaded, the component renders at once. */
  load(): Promise<unknown>;
};

export function lazy<P extends object>(importer: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  const load = loadOnce(() => importer().then((c) => (loaded = c)));
  function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      load().then(
        () => live && setReady(true),
        () => {},
      );
      return () => void (live = false);
    }, []);
    const Component = loaded;
    return Component ? <Component {...props} /> : null;
  }
  return Object.assign(Lazy, { load });
}
