package io.custos.benchmarks;

import io.custos.api.wire.ACL;
import io.custos.api.wire.CreateMode;
import io.custos.api.wire.CreateRequest;
import io.custos.api.wire.DecodedRequest;
import io.custos.api.wire.GetChildren2Response;
import io.custos.api.wire.GetDataRequest;
import io.custos.api.wire.GetDataResponse;
import io.custos.api.wire.JuteReader;
import io.custos.api.wire.OpCode;
import io.custos.api.wire.ReplyHeader;
import io.custos.api.wire.Request;
import io.custos.api.wire.RequestCodec;
import io.custos.api.wire.RequestHeader;
import io.custos.api.wire.Response;
import io.custos.api.wire.ResponseCodec;
import io.custos.api.wire.SetDataRequest;
import io.custos.api.wire.SetDataResponse;
import io.custos.api.wire.Stat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ZooKeeper-compatible wire codec, one benchmark per op and direction, in ns per frame.
 * Requests are what the server decodes and a client encodes (header and body, no length prefix,
 * as {@link RequestCodec} sees them); responses are what the server encodes (the whole frame with
 * its length prefix, {@link ResponseCodec#encodeFrame}) and a client decodes.
 *
 * <p>Payloads: create with 1 KiB of data and OPEN_ACL_UNSAFE; getData and setData with 1 KiB;
 * a getChildren2 reply with 100 children named as a sequential-node lock queue would name them.
 * Decoding copies the data out of the frame, as the server does, so the figures include it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBench {
    private static final int DATA_BYTES = 1024;
    private static final int CHILDREN_COUNT = 100;
    private static final int LENGTH_PREFIX_BYTES = 4;
    private static final String PATH = "/app/service/config/node-0000000042";

    private RequestHeader createHeader;
    private CreateRequest createRequest;
    private RequestHeader getDataHeader;
    private GetDataRequest getDataRequest;
    private RequestHeader setDataHeader;
    private SetDataRequest setDataRequest;
    private ReplyHeader replyHeader;
    private GetDataResponse getDataResponse;
    private SetDataResponse setDataResponse;
    private GetChildren2Response getChildren2Response;

    private byte[] createRequestFrame;
    private byte[] getDataRequestFrame;
    private byte[] setDataRequestFrame;
    private byte[] getDataResponseFrame;
    private byte[] setDataResponseFrame;
    private byte[] getChildren2ResponseFrame;

    @Setup(Level.Trial)
    public void build() {
        byte[] data = new byte[DATA_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        Stat stat = new Stat(0x1_0000_0010L, 0x1_0000_0042L, 1_763_900_000_000L, 1_763_900_100_000L,
                7, 0, 0, 0L, DATA_BYTES, 0, 0x1_0000_0010L);
        List<String> children = new ArrayList<>(CHILDREN_COUNT);
        for (int i = 0; i < CHILDREN_COUNT; i++) {
            children.add(String.format("lock-%010d", i));
        }
        Stat parentStat = new Stat(0x1_0000_0001L, 0x1_0000_0001L, 1_763_900_000_000L,
                1_763_900_000_000L, 0, CHILDREN_COUNT, 0, 0L, 0, CHILDREN_COUNT,
                0x1_0000_0200L);

        createHeader = new RequestHeader(1, OpCode.CREATE.code);
        createRequest = new CreateRequest(PATH, data, ACL.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT.flag);
        getDataHeader = new RequestHeader(2, OpCode.GET_DATA.code);
        getDataRequest = new GetDataRequest(PATH, true);
        setDataHeader = new RequestHeader(3, OpCode.SET_DATA.code);
        setDataRequest = new SetDataRequest(PATH, data, -1);
        replyHeader = new ReplyHeader(2, 0x1_0000_0042L, 0);
        getDataResponse = new GetDataResponse(data, stat);
        setDataResponse = new SetDataResponse(stat);
        getChildren2Response = new GetChildren2Response(List.copyOf(children), parentStat);

        createRequestFrame = RequestCodec.encode(createHeader, createRequest);
        getDataRequestFrame = RequestCodec.encode(getDataHeader, getDataRequest);
        setDataRequestFrame = RequestCodec.encode(setDataHeader, setDataRequest);
        getDataResponseFrame = ResponseCodec.encodeFrame(replyHeader, getDataResponse);
        setDataResponseFrame = ResponseCodec.encodeFrame(replyHeader, setDataResponse);
        getChildren2ResponseFrame = ResponseCodec.encodeFrame(replyHeader, getChildren2Response);
        checkRoundTrips();
    }

    /** A benchmark of a codec that does not round-trip would measure the wrong thing. */
    private void checkRoundTrips() {
        checkRequest(createRequestFrame, createRequest);
        checkRequest(getDataRequestFrame, getDataRequest);
        checkRequest(setDataRequestFrame, setDataRequest);
        checkResponse(getDataResponseFrame, OpCode.GET_DATA, getDataResponse);
        checkResponse(setDataResponseFrame, OpCode.SET_DATA, setDataResponse);
        checkResponse(getChildren2ResponseFrame, OpCode.GET_CHILDREN2, getChildren2Response);
    }

    private static void checkRequest(byte[] frame, Request expected) {
        DecodedRequest decoded = RequestCodec.decode(ByteBuffer.wrap(frame));
        if (!(decoded instanceof DecodedRequest.Frame f) || !f.body().equals(expected)) {
            throw new AssertionError("request does not round-trip: " + decoded);
        }
    }

    private static void checkResponse(byte[] frame, OpCode op, Response expected) {
        if (ByteBuffer.wrap(frame).getInt() != frame.length - LENGTH_PREFIX_BYTES) {
            throw new AssertionError("bad length prefix for " + op);
        }
        Response decoded = decodeResponse(frame, op);
        if (!decoded.equals(expected)) {
            throw new AssertionError("response does not round-trip: " + decoded);
        }
    }

    /** What a client does with a reply frame once it has matched the xid to {@code op}. */
    private static Response decodeResponse(byte[] frame, OpCode op) {
        JuteReader reader = new JuteReader(ByteBuffer.wrap(frame, LENGTH_PREFIX_BYTES,
                frame.length - LENGTH_PREFIX_BYTES));
        ReplyHeader header = ReplyHeader.read(reader);
        if (header.err() != 0) {
            throw new AssertionError("error reply " + header);
        }
        Response body = ResponseCodec.readBody(op, reader);
        reader.expectEnd("reply to " + op);
        return body;
    }

    @Benchmark
    public byte[] createRequestEncode() {
        return RequestCodec.encode(createHeader, createRequest);
    }

    @Benchmark
    public DecodedRequest createRequestDecode() {
        return RequestCodec.decode(ByteBuffer.wrap(createRequestFrame));
    }

    @Benchmark
    public byte[] getDataRequestEncode() {
        return RequestCodec.encode(getDataHeader, getDataRequest);
    }

    @Benchmark
    public DecodedRequest getDataRequestDecode() {
        return RequestCodec.decode(ByteBuffer.wrap(getDataRequestFrame));
    }

    @Benchmark
    public byte[] getDataResponseEncode() {
        return ResponseCodec.encodeFrame(replyHeader, getDataResponse);
    }

    @Benchmark
    public Response getDataResponseDecode() {
        return decodeResponse(getDataResponseFrame, OpCode.GET_DATA);
    }

    @Benchmark
    public byte[] setDataRequestEncode() {
        return RequestCodec.encode(setDataHeader, setDataRequest);
    }

    @Benchmark
    public DecodedRequest setDataRequestDecode() {
        return RequestCodec.decode(ByteBuffer.wrap(setDataRequestFrame));
    }

    @Benchmark
    public byte[] setDataResponseEncode() {
        return ResponseCodec.encodeFrame(replyHeader, setDataResponse);
    }

    @Benchmark
    public Response setDataResponseDecode() {
        return decodeResponse(setDataResponseFrame, OpCode.SET_DATA);
    }

    @Benchmark
    public byte[] getChildren2ResponseEncode() {
        return ResponseCodec.encodeFrame(replyHeader, getChildren2Response);
    }

    @Benchmark
    public Response getChildren2ResponseDecode() {
        return decodeResponse(getChildren2ResponseFrame, OpCode.GET_CHILDREN2);
    }
}
