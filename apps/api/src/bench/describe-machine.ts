import { cpus, loadavg, release, totalmem, type } from 'node:os'

export interface MachineDescription {
  cpuModel: string
  cores: number
  memoryBytes: number
  node: string
  os: string
  /** 1-minute load average when the run started and ended: how busy the shared machine was. */
  loadAtStart: number
  loadAtEnd?: number
}

export function describeMachine(): MachineDescription {
  const processors = cpus()
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryBytes: totalmem(),
    node: process.version,
    os: `${type()} ${release()}`,
    loadAtStart: loadavg()[0] ?? 0,
  }
}

export function currentLoad(): number {
  return loadavg()[0] ?? 0
}

/**
 * The line a bench's figures start with: when and on what the run was, what it ran (`setting`),
 * and how busy the shared machine was from its start to now, its end.
 */
export function runLine(machine: MachineDescription, setting: string): string {
  return (
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; ` +
    `${setting}; 1-minute load average ${machine.loadAtStart.toFixed(2)} at the start → ${currentLoad().toFixed(2)} at the end.`
  )
}
