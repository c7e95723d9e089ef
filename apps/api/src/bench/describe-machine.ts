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
