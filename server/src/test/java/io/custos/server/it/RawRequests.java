package io.custos.server.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.jute.Record;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;

/**
 * The real ZooKeeper client with its local checks bypassed: it sends any request record as is
 * (paths, flags, ACL lists the public API would refuse before sending) and returns the server's
 * error code, so the server's own checks can be tested against Custos and ZooKeeper alike.
 */
final class RawRequests extends ZooKeeper {
    private RawRequests(String connectString, Watcher watcher) throws IOException {
        super(connectString, 30_000, watcher);
    }

    static RawRequests connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        RawRequests client = new RawRequests(connectString, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(Clients.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("no connection to " + connectString);
        }
        return client;
    }

    /** Sends {@code request} as opcode {@code op}; {@code response} is filled in on success. */
    KeeperException.Code submit(int op, Record request, Record response) throws InterruptedException {
        ReplyHeader reply = cnxn.submitRequest(new RequestHeader(0, op), request, response, null);
        return KeeperException.Code.get(reply.getErr());
    }

    /** A persistent create with any ACL list. */
    KeeperException.Code create(String path, List<ACL> acl) throws InterruptedException {
        return submit(ZooDefs.OpCode.create, new CreateRequest(path, new byte[0], acl, 0), new CreateResponse());
    }

    /** setACL with any ACL list, any version. */
    KeeperException.Code setAcl(String path, List<ACL> acl) throws InterruptedException {
        return submit(ZooDefs.OpCode.setACL, new SetACLRequest(path, acl, -1), new SetACLResponse());
    }
}
