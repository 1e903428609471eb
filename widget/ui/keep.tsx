/**
 * A render boundary: `render()` runs again only when one of `deps` changed (compared with
 * Object.is, in order), else what it rendered last stays. A list of a hundred chats re-renders
 * only the item a message changed, not all of them on every event. Whatever the rendered part
 * shows must be among `deps` (store values, the displayed time, stringsVersion() of i18n); its
 * callbacks may be the previous render's, so they must not capture values that change.
 */
import { Component, type ComponentChild } from 'preact';

interface KeepProps {
  deps: readonly unknown[];
  render: () => ComponentChild;
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export class Keep extends Component<KeepProps> {
  override shouldComponentUpdate(next: KeepProps): boolean {
    return !same(this.props.deps, next.deps);
  }

  override render(): ComponentChild {
    return this.props.render();
  }
}
