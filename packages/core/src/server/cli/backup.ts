#!/usr/bin/env node
import { backupCommand } from './backup-command.js'

process.exitCode = await backupCommand(process.argv.slice(2), process.env, {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
})
