/**
 * Whether the process is draining. Set by server.ts on SIGTERM, before it stops accepting, so a
 * load balancer polling /readyz takes the instance out while in-flight requests finish.
 */
export class ServingState {
  #stopping = false

  get stopping(): boolean {
    return this.#stopping
  }

  markStopping(): void {
    this.#stopping = true
  }
}
