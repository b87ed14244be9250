import { Connection, type ConnectionOptions } from "./connection";

/** One connection per address, shared by every caller (requests to one broker are pipelined on it). */
export class ConnectionPool {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly defaults: Omit<ConnectionOptions, "address" | "label"> = {}) {}

  get(address: string, label?: string): Connection {
    let conn = this.connections.get(address);
    if (!conn) {
      conn = new Connection({ ...this.defaults, address, label: label ?? address });
      this.connections.set(address, conn);
    }
    return conn;
  }

  closeAll(): void {
    for (const conn of this.connections.values()) conn.close();
    this.connections.clear();
  }
}
