/** What other packages' tests need to run the real server (the typed client's round trip). */
export { prepareServerData, type ServerData } from './server-data.js'
export { startServerProcess, type ServerProcess } from './server-process.js'
