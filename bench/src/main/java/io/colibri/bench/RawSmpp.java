package io.colibri.bench;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw ceiling: a bare SMPP 3.4 transmitter with no gateway behind it, submit_sm pipelined
 * within a window (one thread writes, one reads the responses), against the same SMSC as the
 * gateways. What it reaches bounds what any gateway can send to that SMSC on this machine; each
 * gateway's rate is printed as a share of it.
 */
final class RawSmpp implements AutoCloseable {
    private static final int BIND_TRANSMITTER = 0x00000002;
    private static final int SUBMIT_SM = 0x00000004;
    private static final int SUBMIT_SM_RESP = 0x80000004;
    private static final int BIND_TRANSMITTER_RESP = 0x80000002;
    private static final int ENQUIRE_LINK = 0x00000015;
    private static final int UNBIND = 0x00000006;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int sequence = 1;

    RawSmpp(String host, int port, String systemId, String password) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        ByteBuffer body = ByteBuffer.allocate(128);
        cstring(body, systemId);
        cstring(body, password);
        cstring(body, "");
        body.put((byte) 0x34).put((byte) 0).put((byte) 0);
        cstring(body, "");
        write(BIND_TRANSMITTER, sequence++, body);
        out.flush();
        int[] header = readHeader();
        if (header[1] != BIND_TRANSMITTER_RESP || header[2] != 0) {
            throw new IOException("bind refused: command 0x" + Integer.toHexString(header[1]) + " status " + header[2]);
        }
        in.skipNBytes(header[0] - 16);
    }

    /**
     * Sends {@code n} submit_sm (no receipt asked: a receipt would wait for a receiver this client
     * does not bind), at most {@code window} unanswered, and returns the rate in submit_sm per second.
     */
    double send(int n, int window) throws Exception {
        Semaphore credits = new Semaphore(window);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (answered.get() < n) {
                    int[] h = readHeader();
                    in.skipNBytes(h[0] - 16);
                    if (h[1] == SUBMIT_SM_RESP) {
                        if (h[2] != 0) {
                            refused.incrementAndGet();
                        }
                        answered.incrementAndGet();
                        credits.release();
                    } else if (h[1] == ENQUIRE_LINK) {
                        synchronized (out) {
                            write(0x80000015, h[3], ByteBuffer.allocate(0));
                            out.flush();
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "raw-smpp-reader");
        reader.start();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!credits.tryAcquire()) {
                synchronized (out) {
                    out.flush();
                }
                credits.acquire();
            }
            ByteBuffer body = ByteBuffer.allocate(200);
            cstring(body, "");
            body.put((byte) 0).put((byte) 0);
            cstring(body, "");
            body.put((byte) 1).put((byte) 1);
            cstring(body, "33612345678");
            body.put((byte) 0).put((byte) 0).put((byte) 0);
            cstring(body, "");
            cstring(body, "");
            body.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            byte[] text = ("raw " + i).getBytes(StandardCharsets.ISO_8859_1);
            body.put((byte) text.length).put(text);
            synchronized (out) {
                write(SUBMIT_SM, sequence++, body);
            }
        }
        synchronized (out) {
            out.flush();
        }
        reader.join();
        double rate = n / ((System.nanoTime() - start) / 1e9);
        if (refused.get() > 0) {
            System.out.println("-- raw SMPP client: " + refused.get() + " submit_sm refused");
        }
        return rate;
    }

    private int[] readHeader() throws IOException {
        return new int[] {in.readInt(), in.readInt(), in.readInt(), in.readInt()};
    }

    private void write(int command, int seq, ByteBuffer body) throws IOException {
        body.flip();
        ByteBuffer pdu = ByteBuffer.allocate(16 + body.remaining());
        pdu.putInt(16 + body.remaining()).putInt(command).putInt(0).putInt(seq).put(body);
        out.write(pdu.array());
    }

    private static void cstring(ByteBuffer b, String s) {
        b.put(s.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
    }

    @Override
    public void close() throws IOException {
        try {
            synchronized (out) {
                write(UNBIND, sequence++, ByteBuffer.allocate(0));
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
