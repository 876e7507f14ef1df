package io.custos.api.wire;

/** The body of a server reply or notification. Replies to some ops have none. */
public sealed interface Response extends JuteRecord permits
        CreateResponse, Create2Response, ExistsResponse, GetDataResponse, SetDataResponse,
        GetACLResponse, SetACLResponse, GetChildrenResponse, GetChildren2Response, SyncResponse,
        MultiResponse, GetAllChildrenNumberResponse, GetEphemeralsResponse, ErrorResponse,
        WhoAmIResponse, SetSASLResponse, WatcherEvent {
}
