package io.custos.api.wire;

import java.util.List;

/** Reply to whoAmI: one entry per identity the connection holds. */
public record WhoAmIResponse(List<ClientInfo> clientInfo) implements Response {
    @Override
    public void write(JuteWriter writer) {
        writer.writeRecordList(clientInfo);
    }

    public static WhoAmIResponse read(JuteReader reader) {
        return new WhoAmIResponse(reader.readList(ClientInfo::read, 8));
    }
}
