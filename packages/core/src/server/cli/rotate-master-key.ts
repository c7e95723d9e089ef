#!/usr/bin/env node
import { rotateMasterKeyCommand } from './rotate-master-key-command.js'

process.exitCode = await rotateMasterKeyCommand(process.argv.slice(2), process.env, {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
})
