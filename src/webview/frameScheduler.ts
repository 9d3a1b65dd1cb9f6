/** Runs a callback at most once per animation frame, however often it is requested; `flush` runs it now. */
export class FrameScheduler {
  private handle = 0;

  constructor(private readonly onFrame: () => void) {}

  request(): void {
    if (this.handle) return;
    this.handle = requestAnimationFrame(() => {
      this.handle = 0;
      this.onFrame();
    });
  }

  flush(): void {
    if (this.handle) {
      cancelAnimationFrame(this.handle);
      this.handle = 0;
    }
    this.onFrame();
  }
}
