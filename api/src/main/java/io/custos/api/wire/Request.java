package io.custos.api.wire;

/** The body of a client request; which one is decided by the {@link RequestHeader}'s type. */
public sealed interface Request extends JuteRecord permits
        CreateRequest, CreateTTLRequest, DeleteRequest, ExistsRequest, GetDataRequest, SetDataRequest,
        GetACLRequest, SetACLRequest, GetChildrenRequest, GetChildren2Request, SyncRequest,
        CheckVersionRequest, MultiRequest, ReconfigRequest, CheckWatchesRequest, RemoveWatchesRequest,
        DeleteContainerRequest, AuthPacket, SetWatches, SetWatches2, GetSASLRequest,
        GetEphemeralsRequest, GetAllChildrenNumberRequest, AddWatchRequest,
        PingRequest, CloseSessionRequest, WhoAmIRequest {
}
