/**
 * Keeps the full-screen chat of a phone above the on-screen keyboard: the visual viewport (what
 * is left above the keyboard) gives the box its height and top, as CSS variables on the root.
 */
export function followVisualViewport(root: HTMLElement, viewport: Pick<VisualViewport, 'height' | 'offsetTop' | 'addEventListener'> | null = window.visualViewport): void {
  if (!viewport) return;
  const update = () => {
    root.style.setProperty('--sbc-vh', `${viewport.height}px`);
    root.style.setProperty('--sbc-top', `${viewport.offsetTop}px`);
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
}
