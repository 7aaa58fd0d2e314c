// Serves a folder (the dashboard's dist/) on 127.0.0.1: node serve.mjs DIR [PORT]
import { resolve } from 'node:path';
import { serveDirectory } from './static-server.mjs';

await serveDirectory(resolve(process.argv[2] ?? 'dist'), Number(process.argv[3] ?? 8080));
