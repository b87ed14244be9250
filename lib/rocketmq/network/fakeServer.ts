import net from "node:net";
import { FrameDecoder } from "../protocol/frameDecoder";
import { encodeFrame, type RemotingCommand } from "../protocol/remotingCommand";

/**
 * A scriptable remoting peer on 127.0.0.1 for tests of the connection layer: every request it
 * receives is handed to `onRequest`, which may reply (now or later) through the socket.
 */
export interface FakeServer {
  port: number;
  address: string;
  received: RemotingCommand[];
  sockets: Set<net.Socket>;
  send(socket: net.Socket, cmd: RemotingCommand): void;
  close(): Promise<void>;
}

export async function startFakeServer(
  onRequest: (cmd: RemotingCommand, socket: net.Socket, server: FakeServer) => void,
  port = 0,
): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const received: RemotingCommand[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const decoder = new FrameDecoder();
    socket.on("data", (chunk) => {
      for (const cmd of decoder.push(chunk)) {
        received.push(cmd);
        onRequest(cmd, socket, fake);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as net.AddressInfo).port;
  const fake: FakeServer = {
    port: actual,
    address: `127.0.0.1:${actual}`,
    received,
    sockets,
    send: (socket, cmd) => void socket.write(encodeFrame(cmd)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}
