----------------------------- MODULE CustosZab -----------------------------
(***************************************************************************)
(* Custos' ZAB, as io.custos.protocol.zab implements it: discovery         *)
(* (CEPOCH / NEWEPOCH / ACKEPOCH), synchronization (DIFF, TRUNC, SNAP,      *)
(* NEWLEADER / ACKLD / UPTODATE), broadcast (PROPOSAL / ACK / COMMIT),      *)
(* crashes that lose what was not durable, restarts, lost messages.         *)
(*                                                                         *)
(* Abstractions, and why:                                                  *)
(* - Fast Leader Election is an oracle: any LOOKING server may decide to   *)
(*   lead or to follow any server. ZAB's safety must not depend on whom    *)
(*   FLE picks (discovery makes epochs unique), so the model lets it pick  *)
(*   anyone; that is a superset of FLE's behaviours.                       *)
(* - Time is gone: timeouts may happen in any state (bounded in MC).       *)
(* - Pings, forwarded requests and observers are left out: none changes    *)
(*   a voter's history or epochs. A client write is LeaderProcessRequest.  *)
(* - Durability: each action that writes opens a batch holding the        *)
(*   volatile state after it and the messages that must wait for it;      *)
(*   Persist makes the oldest batch durable and sends its messages. A      *)
(*   crash drops every batch not yet persisted.                            *)
(* - Learner connections are FIFO channels per pair; a lost message breaks *)
(*   the connection, which the model shows as a timeout (learner) or a     *)
(*   dropped learner (leader).                                             *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Server,      \* voter ids
          Value,       \* client values; each is proposed at most once
          MaxEpoch,    \* bound: highest epoch a leader may propose
          MaxCrashes,  \* bound: crashes in a behaviour
          MaxTimeouts  \* bound: timeouts (role changes) in a behaviour

LOOKING == "LOOKING"  FOLLOWING == "FOLLOWING"  LEADING == "LEADING"
ELECTION == "ELECTION"  DISCOVERY == "DISCOVERY"  SYNCHRONIZATION == "SYNCHRONIZATION"  BROADCAST == "BROADCAST"
None == 0

Quorums == {Q \in SUBSET Server : 2 * Cardinality(Q) > Cardinality(Server)}

VARIABLES
    state, zabState, leaderOf,                   \* role (volatile)
    acceptedEpoch, currentEpoch, history,        \* as the running peer sees them
    lastCommitted,                               \* index into history
    dAcceptedEpoch, dCurrentEpoch, dHistory,     \* durable
    pending,                                     \* batches not yet durable
    msgs,                                        \* msgs[i][j]: FIFO channel from i to j
    \* leader
    newEpoch, established, learners, cepochRecv, ackeRecv, ackldRecv, streaming, acked, initialEnd,
    peerLast,                                    \* peerLast[i][j]: j's last zxid from its ACKEPOCH
    handleConn,                                  \* handleConn[i][j]: the connection of j's handle at leader i
    \* learner
    syncStarted, newLeaderSeen, learnerEpoch,
    connOf,                                      \* a learner's connection number (fresh on every connect)
    \* ghosts and bounds
    committedLog, epochLeaders, proposedValues, crashes, timeouts

roleVars == <<state, zabState, leaderOf>>
dataVars == <<acceptedEpoch, currentEpoch, history, lastCommitted>>
durableVars == <<dAcceptedEpoch, dCurrentEpoch, dHistory, pending>>
leaderVars == <<newEpoch, established, learners, cepochRecv, ackeRecv, ackldRecv, streaming, acked, initialEnd, peerLast,
                handleConn>>
learnerVars == <<syncStarted, newLeaderSeen, learnerEpoch, connOf>>
ghostVars == <<epochLeaders, proposedValues, crashes, timeouts>>
vars == <<roleVars, dataVars, durableVars, msgs, leaderVars, learnerVars, ghostVars, committedLog>>

-----------------------------------------------------------------------------
(* Zxids are <<epoch, counter>>; <<0, 0>> is before everything. *)
ZxidLt(a, b) == a[1] < b[1] \/ (a[1] = b[1] /\ a[2] < b[2])
ZxidLe(a, b) == ZxidLt(a, b) \/ a = b
ZeroZxid == <<0, 0>>
LastZxidOf(h) == IF Len(h) = 0 THEN ZeroZxid ELSE h[Len(h)].zxid
ZxidAt(h, n) == IF n = 0 THEN ZeroZxid ELSE h[n].zxid
Max(S) == CHOOSE x \in S : \A y \in S : y <= x
Prefix(h, n) == SubSeq(h, 1, n)
IsPrefix(a, b) == Len(a) <= Len(b) /\ a = SubSeq(b, 1, Len(a))
\* The number of entries of h at or before zxid z.
CountUpTo(h, z) == Cardinality({n \in 1..Len(h) : ZxidLe(h[n].zxid, z)})

Pop(i, j) == [msgs EXCEPT ![j][i] = Tail(@)]
Msg(i, j) == msgs[j][i][1]
Pending(i, j) == msgs[j][i] /= << >>

(* The batch a writing action opens: the volatile state after it, and messages that wait. *)
Batch(acc, cur, h, sends) == [acc |-> acc, cur |-> cur, hist |-> h, sends |-> sends]

(* Every message in batch sends "sends" goes to its "to"; Deliver appends a sends list to the
   channels of sender i now. *)
SelectSeqTo(ss, k) == LET mine == SelectSeq(ss, LAMBDA e : e.to = k) IN [n \in 1..Len(mine) |-> mine[n].m]
Deliver(base, i, ss) == [a \in Server |-> [b \in Server |-> IF a = i THEN base[a][b] \o SelectSeqTo(ss, b) ELSE base[a][b]]]

(* A writing action opens a batch (its volatile state after the action, and messages that wait
   for it). A learner's messages, and the leader's NEWEPOCH and own acks, wait behind every write
   asked for before them: in the newest pending batch, or they leave now. The result is the new
   [msgs, pending]. *)
Write(i, base, acc, cur, h, ss) == [msgs |-> base, pending |-> [pending EXCEPT ![i] = Append(@, Batch(acc, cur, h, ss))]]
Behind(i, base, ss) ==
    IF pending[i] = << >>
    THEN [msgs |-> Deliver(base, i, ss), pending |-> pending]
    ELSE [msgs |-> base, pending |-> [pending EXCEPT ![i][Len(pending[i])].sends = @ \o ss]]
Apply(r) == msgs' = r.msgs /\ pending' = r.pending

RECURSIVE SeqOf(_)
SeqOf(S) == IF S = {} THEN << >> ELSE LET x == CHOOSE x \in S : TRUE IN << x >> \o SeqOf(S \ {x})
IsQuorum(S) == \E Q \in Quorums : Q \subseteq S

-----------------------------------------------------------------------------
Init ==
    /\ state = [i \in Server |-> LOOKING]
    /\ zabState = [i \in Server |-> ELECTION]
    /\ leaderOf = [i \in Server |-> None]
    /\ acceptedEpoch = [i \in Server |-> 0]
    /\ currentEpoch = [i \in Server |-> 0]
    /\ history = [i \in Server |-> << >>]
    /\ lastCommitted = [i \in Server |-> 0]
    /\ dAcceptedEpoch = [i \in Server |-> 0]
    /\ dCurrentEpoch = [i \in Server |-> 0]
    /\ dHistory = [i \in Server |-> << >>]
    /\ pending = [i \in Server |-> << >>]
    /\ msgs = [i \in Server |-> [j \in Server |-> << >>]]
    /\ newEpoch = [i \in Server |-> 0]
    /\ established = [i \in Server |-> FALSE]
    /\ learners = [i \in Server |-> {}]
    /\ cepochRecv = [i \in Server |-> [j \in {} |-> 0]]
    /\ ackeRecv = [i \in Server |-> {}]
    /\ ackldRecv = [i \in Server |-> {}]
    /\ streaming = [i \in Server |-> {}]
    /\ acked = [i \in Server |-> [j \in Server |-> ZeroZxid]]
    /\ initialEnd = [i \in Server |-> 0]
    /\ peerLast = [i \in Server |-> [j \in Server |-> ZeroZxid]]
    /\ handleConn = [i \in Server |-> [j \in Server |-> 0]]
    /\ connOf = [i \in Server |-> 0]
    /\ syncStarted = [i \in Server |-> FALSE]
    /\ newLeaderSeen = [i \in Server |-> FALSE]
    /\ learnerEpoch = [i \in Server |-> 0]
    /\ committedLog = << >>
    /\ epochLeaders = {}
    /\ proposedValues = {}
    /\ crashes = 0
    /\ timeouts = 0

-----------------------------------------------------------------------------
(* Leaving a role: LOOKING again, with the leader's and learner's bookkeeping cleared. *)
ResetRole(i) ==
    /\ state' = [state EXCEPT ![i] = LOOKING]
    /\ zabState' = [zabState EXCEPT ![i] = ELECTION]
    /\ leaderOf' = [leaderOf EXCEPT ![i] = None]
    /\ newEpoch' = [newEpoch EXCEPT ![i] = 0]
    /\ established' = [established EXCEPT ![i] = FALSE]
    /\ learners' = [learners EXCEPT ![i] = {}]
    /\ cepochRecv' = [cepochRecv EXCEPT ![i] = [j \in {} |-> 0]]
    /\ ackeRecv' = [ackeRecv EXCEPT ![i] = {}]
    /\ ackldRecv' = [ackldRecv EXCEPT ![i] = {}]
    /\ streaming' = [streaming EXCEPT ![i] = {}]
    /\ acked' = [acked EXCEPT ![i] = [j \in Server |-> ZeroZxid]]
    /\ initialEnd' = [initialEnd EXCEPT ![i] = 0]
    /\ peerLast' = [peerLast EXCEPT ![i] = [j \in Server |-> ZeroZxid]]
    /\ handleConn' = [handleConn EXCEPT ![i] = [j \in Server |-> 0]]
    /\ syncStarted' = [syncStarted EXCEPT ![i] = FALSE]
    /\ newLeaderSeen' = [newLeaderSeen EXCEPT ![i] = FALSE]
    /\ learnerEpoch' = [learnerEpoch EXCEPT ![i] = 0]

(* FLE decided (abstracted): lead, or follow l on a fresh connection and send CEPOCH. *)
Elect(i, l) ==
    /\ state[i] = LOOKING
    /\ zabState' = [zabState EXCEPT ![i] = DISCOVERY]
    /\ leaderOf' = [leaderOf EXCEPT ![i] = l]
    /\ IF l = i
       THEN /\ state' = [state EXCEPT ![i] = LEADING]
            /\ cepochRecv' = [cepochRecv EXCEPT ![i] = (i :> acceptedEpoch[i])]
            /\ UNCHANGED <<msgs, pending, connOf>>
       ELSE /\ state' = [state EXCEPT ![i] = FOLLOWING]
            /\ connOf' = [connOf EXCEPT ![i] = @ + 1]
            \* Like every learner message, CEPOCH leaves behind the writes asked for before it.
            /\ Apply(Behind(i, msgs, << [to |-> l, m |-> [mtype |-> "CEPOCH", conn |-> connOf[i] + 1, acc |-> acceptedEpoch[i]]] >>))
            /\ UNCHANGED <<cepochRecv>>
    /\ UNCHANGED <<dataVars, dAcceptedEpoch, dCurrentEpoch, dHistory, newEpoch, established, learners, ackeRecv, ackldRecv, streaming, acked,
                   initialEnd, peerLast, handleConn, syncStarted, newLeaderSeen, learnerEpoch, ghostVars>>

(* Going LOOKING drops the messages that waited for the disk, as the peer's role that would have
   sent them is gone; the writes themselves still become durable. *)
DropSends(i) == [pending EXCEPT ![i] = [n \in 1..Len(@) |-> [@[n] EXCEPT !.sends = << >>]]]
GoLooking(i) == ResetRole(i) /\ UNCHANGED <<connOf>> /\ pending' = DropSends(i)

(* Giving up a role because of what a message said; counted with the timeouts, so bounded in MC. *)
StepDown(i) ==
    /\ timeouts < MaxTimeouts
    /\ timeouts' = timeouts + 1
    /\ GoLooking(i)

(* A timeout, a connection that lost a message, or a leader without its quorum: LOOKING again. *)
Timeout(i) ==
    /\ state[i] /= LOOKING
    /\ timeouts < MaxTimeouts
    /\ timeouts' = timeouts + 1
    /\ GoLooking(i)
    /\ UNCHANGED <<dataVars, dAcceptedEpoch, dCurrentEpoch, dHistory, msgs, epochLeaders, proposedValues, crashes>>

(* A crash loses the volatile state and every batch not yet durable; the peer restarts LOOKING
   from durable state. Its committed point restarts at its snapshot's, at most what it had. *)
CrashRestart(i) ==
    /\ crashes < MaxCrashes
    /\ crashes' = crashes + 1
    /\ ResetRole(i)
    /\ UNCHANGED <<connOf>>
    /\ acceptedEpoch' = [acceptedEpoch EXCEPT ![i] = dAcceptedEpoch[i]]
    /\ currentEpoch' = [currentEpoch EXCEPT ![i] = dCurrentEpoch[i]]
    /\ history' = [history EXCEPT ![i] = dHistory[i]]
    /\ \E n \in 0..lastCommitted[i] :
          /\ n <= Len(dHistory[i])
          /\ Prefix(dHistory[i], n) = Prefix(history[i], n)
          /\ lastCommitted' = [lastCommitted EXCEPT ![i] = n]
    /\ pending' = [pending EXCEPT ![i] = << >>]
    \* What it had sent is on the wire and may still arrive; what waited for its disk is gone.
    /\ UNCHANGED <<msgs, dAcceptedEpoch, dCurrentEpoch, dHistory, epochLeaders, proposedValues, timeouts>>

(* The oldest batch becomes durable; the messages that waited for it leave. *)
Persist(i) ==
    /\ pending[i] /= << >>
    /\ LET b == pending[i][1] IN
       /\ dAcceptedEpoch' = [dAcceptedEpoch EXCEPT ![i] = b.acc]
       /\ dCurrentEpoch' = [dCurrentEpoch EXCEPT ![i] = b.cur]
       /\ dHistory' = [dHistory EXCEPT ![i] = b.hist]
       /\ pending' = [pending EXCEPT ![i] = Tail(@)]
       /\ msgs' = Deliver(msgs, i, b.sends)
    /\ UNCHANGED <<roleVars, dataVars, leaderVars, learnerVars, ghostVars>>

-----------------------------------------------------------------------------
(* Leader. Messages from j count only on j's current connection. *)
FromHandle(i, j) == j \in learners[i] /\ Msg(i, j).conn = handleConn[i][j]
IsLeader(i) == state[i] = LEADING

LeaderProcessCEPOCH(i, j) ==
    /\ IsLeader(i) /\ j /= i /\ Pending(i, j)
    /\ Msg(i, j).mtype = "CEPOCH"
    /\ LET m == Msg(i, j) IN
       IF newEpoch[i] /= 0 /\ m.acc > newEpoch[i]
       THEN \* j accepted a newer epoch than ours and can never take it: step down.
            /\ StepDown(i)
            /\ msgs' = Pop(i, j)
            /\ UNCHANGED <<dataVars, dAcceptedEpoch, dCurrentEpoch, dHistory, epochLeaders, proposedValues, crashes>>
       ELSE /\ learners' = [learners EXCEPT ![i] = @ \cup {j}]
            /\ handleConn' = [handleConn EXCEPT ![i][j] = m.conn]
            /\ ackeRecv' = [ackeRecv EXCEPT ![i] = @ \ {j}]
            /\ ackldRecv' = [ackldRecv EXCEPT ![i] = @ \ {j}]
            /\ streaming' = [streaming EXCEPT ![i] = @ \ {j}]
            /\ acked' = [acked EXCEPT ![i][j] = ZeroZxid]
            /\ IF newEpoch[i] /= 0
               THEN /\ Apply(Behind(i, Pop(i, j), << [to |-> j, m |-> [mtype |-> "NEWEPOCH", conn |-> m.conn,
                                                          epoch |-> newEpoch[i], est |-> established[i]]] >>))
                    /\ UNCHANGED <<cepochRecv, newEpoch, acceptedEpoch>>
               ELSE LET recv == (j :> m.acc) @@ cepochRecv[i] IN
                    /\ cepochRecv' = [cepochRecv EXCEPT ![i] = recv]
                    /\ IF IsQuorum(DOMAIN recv)
                       THEN LET e == Max({recv[k] : k \in DOMAIN recv}) + 1
                                to == learners'[i]
                                newEpochs == [n \in 1..Len(SeqOf(to)) |-> [to |-> SeqOf(to)[n], m |-> [mtype |-> "NEWEPOCH",
                                                  conn |-> handleConn'[i][SeqOf(to)[n]], epoch |-> e, est |-> FALSE]]]
                                own == << [to |-> i, m |-> [mtype |-> "ACKEPOCH", conn |-> 0, epoch |-> e,
                                                  cur |-> currentEpoch[i], last |-> LastZxidOf(history[i])]] >>
                            IN /\ e <= MaxEpoch
                               /\ newEpoch' = [newEpoch EXCEPT ![i] = e]
                               /\ acceptedEpoch' = [acceptedEpoch EXCEPT ![i] = e]
                               /\ Apply(Write(i, Pop(i, j), e, currentEpoch[i], history[i], newEpochs \o own))
                       ELSE /\ msgs' = Pop(i, j)
                            /\ UNCHANGED <<newEpoch, acceptedEpoch, pending>>
            /\ UNCHANGED <<roleVars, currentEpoch, history, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                           established, initialEnd, peerLast, learnerVars, ghostVars>>

(* Once a quorum acked the epoch: synchronization begins, and the leader's currentEpoch follows. *)
StartSync(i, ackers) ==
    IF zabState[i] = DISCOVERY /\ IsQuorum(ackers)
    THEN /\ zabState' = [zabState EXCEPT ![i] = SYNCHRONIZATION]
         /\ initialEnd' = [initialEnd EXCEPT ![i] = Len(history[i])]
         /\ currentEpoch' = [currentEpoch EXCEPT ![i] = newEpoch[i]]
         /\ pending' = [pending EXCEPT ![i] = Append(@, Batch(acceptedEpoch[i], newEpoch[i], history[i],
                          << [to |-> i, m |-> [mtype |-> "ACKLD", conn |-> 0, epoch |-> newEpoch[i],
                                               zxid |-> LastZxidOf(history[i])]] >>))]
    ELSE UNCHANGED <<zabState, initialEnd, currentEpoch, pending>>

LeaderProcessACKEPOCH(i, j) ==
    /\ IsLeader(i) /\ Pending(i, j)
    /\ Msg(i, j).mtype = "ACKEPOCH"
    /\ j = i \/ FromHandle(i, j)
    /\ LET m == Msg(i, j) IN
       IF m.epoch /= newEpoch[i] \/ j \in ackeRecv[i]
       THEN /\ msgs' = Pop(i, j)
            /\ UNCHANGED <<roleVars, dataVars, durableVars, leaderVars, learnerVars, ghostVars>>
       ELSE IF j /= i /\ (m.cur > currentEpoch[i] \/ (m.cur = currentEpoch[i] /\ ZxidLt(LastZxidOf(history[i]), m.last)))
       THEN \* A learner knows a more recent history: this leader must not lead.
            /\ StepDown(i)
            /\ msgs' = Pop(i, j)
            /\ UNCHANGED <<dataVars, dAcceptedEpoch, dCurrentEpoch, dHistory, epochLeaders, proposedValues, crashes>>
       ELSE /\ ackeRecv' = [ackeRecv EXCEPT ![i] = @ \cup {j}]
            /\ peerLast' = [peerLast EXCEPT ![i][j] = m.last]
            /\ msgs' = Pop(i, j)
            /\ StartSync(i, ackeRecv'[i])
            /\ UNCHANGED <<state, leaderOf, acceptedEpoch, history, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                           newEpoch, established, learners, cepochRecv, ackldRecv, streaming, acked, handleConn,
                           learnerVars, ghostVars>>

(* The largest n such that h[n] is at or before zxid z (0 if none). *)
FloorIndex(h, z) == Max({0} \cup {n \in 1..Len(h) : ZxidLe(h[n].zxid, z)})
Proposals(h, from) == [n \in 1..(Len(h) - from) |-> [mtype |-> "PROPOSAL", conn |-> 0, txn |-> h[from + n]]]

(* The sync of learner j: first message "first", then the proposals after position "from", the
   commit point if beyond it, NEWLEADER. *)
SendSync(i, j, first, from) ==
    LET h == history[i]
        c == handleConn[i][j]
        tail == Proposals(h, from)
                \o (IF lastCommitted[i] > from THEN << [mtype |-> "COMMIT", conn |-> 0, zxid |-> ZxidAt(h, lastCommitted[i])] >> ELSE << >>)
                \o << [mtype |-> "NEWLEADER", conn |-> 0, epoch |-> newEpoch[i], zxid |-> LastZxidOf(h)] >>
        all == << first >> \o tail
    IN /\ msgs' = [msgs EXCEPT ![i][j] = @ \o [n \in 1..Len(all) |-> [all[n] EXCEPT !.conn = c]]]
       /\ streaming' = [streaming EXCEPT ![i] = @ \cup {j}]
       /\ UNCHANGED <<roleVars, dataVars, durableVars, newEpoch, established, learners, cepochRecv, ackeRecv, ackldRecv,
                      acked, initialEnd, peerLast, handleConn, learnerVars, ghostVars>>

SyncEnabled(i, j) ==
    /\ IsLeader(i) /\ j /= i
    /\ zabState[i] \in {SYNCHRONIZATION, BROADCAST}
    /\ j \in ackeRecv[i] /\ j \in learners[i] /\ j \notin streaming[i]

(* One way to sync j, named by its first message's type, its zxid, and (for SNAP) where the
   proposals start; enabled only if the leader may choose it. A DIFF needs j's last zxid to be an
   entry here (or the end); a TRUNC goes to the leader's last entry before j's last zxid; a SNAP is
   always allowed, of a committed prefix. *)
LeaderSyncLearnerAs(i, j, mt, z, from) ==
    /\ SyncEnabled(i, j)
    /\ LET h == history[i]
           p == peerLast[i][j]
           f == FloorIndex(h, p)
       IN CASE mt = "DIFF" -> /\ z = p
                              /\ (p = LastZxidOf(h) \/ (f > 0 /\ h[f].zxid = p))
                              /\ SendSync(i, j, [mtype |-> "DIFF", conn |-> 0, zxid |-> p], IF p = LastZxidOf(h) THEN Len(h) ELSE f)
            [] mt = "TRUNC" -> /\ f > 0 /\ ZxidLt(h[f].zxid, p) /\ z = h[f].zxid
                               /\ SendSync(i, j, [mtype |-> "TRUNC", conn |-> 0, zxid |-> z], f)
            [] mt = "SNAP" -> LET k == CountUpTo(h, z) IN
                              /\ k <= lastCommitted[i] /\ ZxidAt(h, k) = z /\ from <= k
                              /\ SendSync(i, j, [mtype |-> "SNAP", conn |-> 0, hist |-> Prefix(h, k)], from)
            [] OTHER -> FALSE

(* DIFF, TRUNC (+DIFF) or SNAP from j's last zxid, the proposals it lacks, the commit point,
   NEWLEADER: any choice the leader may make. *)
LeaderSyncLearner(i, j) ==
    /\ SyncEnabled(i, j)
    /\ LET h == history[i] IN
       \/ LeaderSyncLearnerAs(i, j, "DIFF", peerLast[i][j], 0)
       \/ \E n \in 1..Len(h) : LeaderSyncLearnerAs(i, j, "TRUNC", h[n].zxid, 0)
       \/ \E k \in 0..lastCommitted[i] : \E from \in 0..k : LeaderSyncLearnerAs(i, j, "SNAP", ZxidAt(h, k), from)

(* Commits, in zxid order, every proposal a quorum (the leader included) has acked durably. *)
TryCommit(i, ack) ==
    LET h == history[i]
        n == Max({lastCommitted[i]} \cup {k \in (lastCommitted[i] + 1)..Len(h) :
                                              IsQuorum({s \in Server : ZxidLe(h[k].zxid, ack[s])})})
        commits == [x \in 1..(n - lastCommitted[i]) |-> h[lastCommitted[i] + x].zxid]
        to == streaming[i]
        ss == [x \in 1..(Len(SeqOf(to)) * Len(commits)) |->
                 LET dest == SeqOf(to)[((x - 1) \div Len(commits)) + 1]
                     z == commits[((x - 1) % Len(commits)) + 1]
                 IN [to |-> dest, m |-> [mtype |-> "COMMIT", conn |-> handleConn[i][dest], zxid |-> z]]]
    IN [n |-> n, sends |-> ss]

(* Establishing the epoch commits the initial history; UPTODATE goes to the learners that acked. *)
Establish(i, j, ackers) ==
    IF ~established[i] /\ zabState[i] = SYNCHRONIZATION /\ i \in ackers /\ IsQuorum(ackers)
    THEN LET committed == Max({lastCommitted[i], initialEnd[i]})
             to == (ackers \ {i}) \cap streaming[i]
             ups == [n \in 1..Len(SeqOf(to)) |-> [to |-> SeqOf(to)[n], m |-> [mtype |-> "UPTODATE",
                          conn |-> handleConn[i][SeqOf(to)[n]], epoch |-> newEpoch[i], committed |-> ZxidAt(history[i], committed)]]]
         IN /\ established' = [established EXCEPT ![i] = TRUE]
            /\ zabState' = [zabState EXCEPT ![i] = BROADCAST]
            /\ lastCommitted' = [lastCommitted EXCEPT ![i] = committed]
            /\ epochLeaders' = epochLeaders \cup {<<newEpoch[i], i>>}
            /\ msgs' = Deliver(Pop(i, j), i, ups)
    ELSE /\ UNCHANGED <<established, zabState, lastCommitted, epochLeaders>>
         /\ msgs' = Pop(i, j)

LeaderProcessACKLD(i, j) ==
    /\ IsLeader(i) /\ Pending(i, j)
    /\ Msg(i, j).mtype = "ACKLD"
    /\ j = i \/ FromHandle(i, j)
    /\ LET m == Msg(i, j) IN
       IF m.epoch /= newEpoch[i] \/ (j /= i /\ j \notin streaming[i])
       THEN /\ msgs' = Pop(i, j)
            /\ UNCHANGED <<roleVars, dataVars, leaderVars, ghostVars>>
       ELSE /\ acked' = [acked EXCEPT ![i][j] = IF ZxidLt(@, m.zxid) THEN m.zxid ELSE @]
            /\ ackldRecv' = [ackldRecv EXCEPT ![i] = @ \cup {j}]
            /\ IF ~established[i]
               THEN /\ Establish(i, j, ackldRecv'[i])
                    /\ UNCHANGED <<state, leaderOf, acceptedEpoch, currentEpoch, history>>
               ELSE \* Established already: UPTODATE to this latecomer, once; its ACKLD also acks
                    \* every proposal up to its zxid, which may commit some.
                    LET base == IF j \in ackldRecv[i] THEN Pop(i, j)
                                ELSE [Pop(i, j) EXCEPT ![i][j] = Append(@, [mtype |-> "UPTODATE", conn |-> handleConn[i][j],
                                         epoch |-> newEpoch[i], committed |-> ZxidAt(history[i], lastCommitted[i])])]
                        r == TryCommit(i, acked'[i])
                    IN /\ msgs' = Deliver(base, i, r.sends)
                       /\ lastCommitted' = [lastCommitted EXCEPT ![i] = r.n]
                       /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, history, established, epochLeaders>>
            /\ UNCHANGED <<newEpoch, learners, cepochRecv, ackeRecv, streaming, initialEnd, peerLast, handleConn,
                           proposedValues, crashes, timeouts>>
    /\ UNCHANGED <<durableVars, learnerVars>>

LeaderProcessRequest(i, v) ==
    /\ IsLeader(i) /\ established[i]
    /\ v \in Value \ proposedValues
    /\ LET counter == Cardinality({n \in 1..Len(history[i]) : history[i][n].zxid[1] = newEpoch[i]})
           txn == [zxid |-> <<newEpoch[i], counter + 1>>, value |-> v]
           h2 == Append(history[i], txn)
           props == [n \in 1..Len(SeqOf(streaming[i])) |-> [to |-> SeqOf(streaming[i])[n],
                        m |-> [mtype |-> "PROPOSAL", conn |-> handleConn[i][SeqOf(streaming[i])[n]], txn |-> txn]]]
       IN /\ history' = [history EXCEPT ![i] = h2]
          /\ Apply(Write(i, Deliver(msgs, i, props), acceptedEpoch[i], currentEpoch[i], h2,
                         << [to |-> i, m |-> [mtype |-> "ACK", conn |-> 0, zxid |-> txn.zxid]] >>))
    /\ proposedValues' = proposedValues \cup {v}
    /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                   leaderVars, learnerVars, epochLeaders, crashes, timeouts>>

LeaderProcessACK(i, j) ==
    /\ IsLeader(i) /\ Pending(i, j)
    /\ Msg(i, j).mtype = "ACK"
    /\ j = i \/ FromHandle(i, j)
    /\ LET m == Msg(i, j)
           ack == [acked[i] EXCEPT ![j] = IF ZxidLt(@, m.zxid) THEN m.zxid ELSE @]
           r == TryCommit(i, ack)
       IN IF (j /= i /\ j \notin streaming[i]) \/ ZxidLt(LastZxidOf(history[i]), m.zxid) \/ ~established[i]
          THEN /\ msgs' = Pop(i, j)
               /\ UNCHANGED <<acked, lastCommitted>>
          ELSE /\ acked' = [acked EXCEPT ![i] = ack]
               /\ lastCommitted' = [lastCommitted EXCEPT ![i] = r.n]
               /\ msgs' = Deliver(Pop(i, j), i, r.sends)
    /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, history, durableVars, newEpoch, established, learners, cepochRecv,
                   ackeRecv, ackldRecv, streaming, initialEnd, peerLast, handleConn, learnerVars, ghostVars>>

(* A learner the leader has not heard from (or whose connection lost a message) is dropped. *)
LeaderDropLearner(i, j) ==
    /\ IsLeader(i) /\ j \in learners[i]
    /\ timeouts < MaxTimeouts
    /\ timeouts' = timeouts + 1
    \* The handle goes; the acks j gave (ACKEPOCH, ACKLD) were durable and still count.
    /\ learners' = [learners EXCEPT ![i] = @ \ {j}]
    /\ streaming' = [streaming EXCEPT ![i] = @ \ {j}]
    /\ acked' = [acked EXCEPT ![i][j] = ZeroZxid]
    /\ UNCHANGED <<roleVars, dataVars, durableVars, msgs, newEpoch, established, cepochRecv, ackeRecv, ackldRecv, initialEnd,
                   peerLast, handleConn, learnerVars, epochLeaders, proposedValues, crashes>>

(* What a learner sent that i no longer takes: i does not lead, or (but for a new connection's
   CEPOCH) j is not its learner on that connection. *)
LeaderDiscard(i, j) ==
    /\ Pending(i, j)
    /\ Msg(i, j).mtype \in {"CEPOCH", "ACKEPOCH", "ACKLD", "ACK"}
    /\ j /= i
    /\ ~IsLeader(i) \/ (Msg(i, j).mtype /= "CEPOCH" /\ ~FromHandle(i, j))
    /\ msgs' = Pop(i, j)
    /\ UNCHANGED <<roleVars, dataVars, durableVars, leaderVars, learnerVars, ghostVars>>

-----------------------------------------------------------------------------
(* Learner. It takes messages only from its leader, on its current connection. *)
FromLeader(i, j) == state[i] = FOLLOWING /\ leaderOf[i] = j /\ Pending(i, j) /\ Msg(i, j).conn = connOf[i]
ToLeader(i, m) == [to |-> leaderOf[i], m |-> [m EXCEPT !.conn = connOf[i]]]

FollowerProcessNEWEPOCH(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype = "NEWEPOCH"
    /\ zabState[i] = DISCOVERY
    /\ LET m == Msg(i, j)
           accept == m.epoch > acceptedEpoch[i]
           rejoin == m.epoch = acceptedEpoch[i] /\ m.est
           ack == << ToLeader(i, [mtype |-> "ACKEPOCH", conn |-> 0, epoch |-> m.epoch, cur |-> currentEpoch[i],
                                  last |-> LastZxidOf(history[i])]) >>
       IN IF ~accept /\ ~rejoin
          THEN /\ StepDown(i)
               /\ msgs' = Pop(i, j)
               /\ UNCHANGED <<dataVars, dAcceptedEpoch, dCurrentEpoch, dHistory, epochLeaders, proposedValues, crashes>>
          ELSE /\ learnerEpoch' = [learnerEpoch EXCEPT ![i] = m.epoch]
               /\ zabState' = [zabState EXCEPT ![i] = SYNCHRONIZATION]
               /\ IF accept
                  THEN /\ acceptedEpoch' = [acceptedEpoch EXCEPT ![i] = m.epoch]
                       /\ Apply(Write(i, Pop(i, j), m.epoch, currentEpoch[i], history[i], ack))
                  ELSE /\ Apply(Behind(i, Pop(i, j), ack))
                       /\ UNCHANGED acceptedEpoch
               /\ UNCHANGED <<state, leaderOf, currentEpoch, history, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                              leaderVars, syncStarted, newLeaderSeen, connOf, ghostVars>>

FollowerProcessSYNC(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype \in {"DIFF", "TRUNC", "SNAP"}
    /\ zabState[i] = SYNCHRONIZATION /\ ~syncStarted[i]
    /\ LET m == Msg(i, j) IN
       \/ /\ m.mtype = "DIFF"
          /\ msgs' = Pop(i, j)
          /\ UNCHANGED <<history, lastCommitted, pending>>
       \/ /\ m.mtype = "TRUNC"
          /\ LET h2 == Prefix(history[i], FloorIndex(history[i], m.zxid)) IN
             /\ history' = [history EXCEPT ![i] = h2]
             /\ Apply(Write(i, Pop(i, j), acceptedEpoch[i], currentEpoch[i], h2, << >>))
          /\ UNCHANGED lastCommitted
       \/ /\ m.mtype = "SNAP"
          /\ history' = [history EXCEPT ![i] = m.hist]
          /\ lastCommitted' = [lastCommitted EXCEPT ![i] = Len(m.hist)]
          /\ Apply(Write(i, Pop(i, j), acceptedEpoch[i], currentEpoch[i], m.hist, << >>))
    /\ syncStarted' = [syncStarted EXCEPT ![i] = TRUE]
    /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, dAcceptedEpoch, dCurrentEpoch, dHistory, leaderVars,
                   newLeaderSeen, learnerEpoch, connOf, ghostVars>>

FollowerProcessPROPOSE(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype = "PROPOSAL"
    /\ syncStarted[i]
    /\ LET m == Msg(i, j)
           h2 == Append(history[i], m.txn)
           ack == IF newLeaderSeen[i] THEN << ToLeader(i, [mtype |-> "ACK", conn |-> 0, zxid |-> m.txn.zxid]) >> ELSE << >>
       IN IF ZxidLe(m.txn.zxid, LastZxidOf(history[i]))
          THEN \* Already in the snapshot this learner installed.
               /\ msgs' = Pop(i, j)
               /\ UNCHANGED <<history, pending>>
          ELSE /\ history' = [history EXCEPT ![i] = h2]
               /\ Apply(Write(i, Pop(i, j), acceptedEpoch[i], currentEpoch[i], h2, ack))
    /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                   leaderVars, learnerVars, ghostVars>>

FollowerProcessCOMMIT(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype = "COMMIT"
    /\ syncStarted[i]
    /\ lastCommitted' = [lastCommitted EXCEPT ![i] = Max({@, CountUpTo(history[i], Msg(i, j).zxid)})]
    /\ msgs' = Pop(i, j)
    /\ UNCHANGED <<roleVars, acceptedEpoch, currentEpoch, history, durableVars, leaderVars, learnerVars, ghostVars>>

FollowerProcessNEWLEADER(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype = "NEWLEADER"
    /\ syncStarted[i] /\ ~newLeaderSeen[i]
    /\ LET m == Msg(i, j) IN
       /\ currentEpoch' = [currentEpoch EXCEPT ![i] = m.epoch]
       /\ Apply(Write(i, Pop(i, j), acceptedEpoch[i], m.epoch, history[i],
                      << ToLeader(i, [mtype |-> "ACKLD", conn |-> 0, epoch |-> m.epoch, zxid |-> m.zxid]) >>))
    /\ newLeaderSeen' = [newLeaderSeen EXCEPT ![i] = TRUE]
    /\ UNCHANGED <<roleVars, acceptedEpoch, history, lastCommitted, dAcceptedEpoch, dCurrentEpoch, dHistory,
                   leaderVars, syncStarted, learnerEpoch, connOf, ghostVars>>

FollowerProcessUPTODATE(i, j) ==
    /\ FromLeader(i, j) /\ Msg(i, j).mtype = "UPTODATE"
    /\ newLeaderSeen[i] /\ zabState[i] = SYNCHRONIZATION
    /\ zabState' = [zabState EXCEPT ![i] = BROADCAST]
    /\ lastCommitted' = [lastCommitted EXCEPT ![i] = Max({@, CountUpTo(history[i], Msg(i, j).committed)})]
    /\ msgs' = Pop(i, j)
    /\ UNCHANGED <<state, leaderOf, acceptedEpoch, currentEpoch, history, durableVars, leaderVars, learnerVars, ghostVars>>

(* What a leader sent on a connection this peer no longer has. *)
FollowerDiscard(i, j) ==
    /\ Pending(i, j)
    /\ Msg(i, j).mtype \notin {"CEPOCH", "ACKEPOCH", "ACKLD", "ACK"}
    /\ ~(state[i] = FOLLOWING /\ leaderOf[i] = j /\ Msg(i, j).conn = connOf[i])
    /\ msgs' = Pop(i, j)
    /\ UNCHANGED <<roleVars, dataVars, durableVars, leaderVars, learnerVars, ghostVars>>

-----------------------------------------------------------------------------
(* The ghost committed log: the longest committed prefix any server has ever had. *)
CommittedPrefix(i) == Prefix(history'[i], lastCommitted'[i])
UpdateCommittedLog ==
    LET longest == CHOOSE i \in Server : \A k \in Server : Len(CommittedPrefix(k)) <= Len(CommittedPrefix(i))
    IN committedLog' = IF Len(CommittedPrefix(longest)) > Len(committedLog) THEN CommittedPrefix(longest) ELSE committedLog

Next ==
    /\ \/ \E i, l \in Server : Elect(i, l)
       \/ \E i \in Server : Timeout(i) \/ CrashRestart(i) \/ Persist(i)
       \/ \E i \in Server, v \in Value : LeaderProcessRequest(i, v)
       \/ \E i, j \in Server :
            \/ LeaderProcessCEPOCH(i, j) \/ LeaderProcessACKEPOCH(i, j) \/ LeaderSyncLearner(i, j)
            \/ LeaderProcessACKLD(i, j) \/ LeaderProcessACK(i, j) \/ LeaderDropLearner(i, j) \/ LeaderDiscard(i, j)
            \/ FollowerProcessNEWEPOCH(i, j) \/ FollowerProcessSYNC(i, j) \/ FollowerProcessPROPOSE(i, j)
            \/ FollowerProcessCOMMIT(i, j) \/ FollowerProcessNEWLEADER(i, j) \/ FollowerProcessUPTODATE(i, j)
            \/ FollowerDiscard(i, j)
    /\ UpdateCommittedLog

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants *)
TypeOK ==
    /\ state \in [Server -> {LOOKING, FOLLOWING, LEADING}]
    /\ zabState \in [Server -> {ELECTION, DISCOVERY, SYNCHRONIZATION, BROADCAST}]
    /\ \A i \in Server : currentEpoch[i] <= acceptedEpoch[i] /\ lastCommitted[i] <= Len(history[i])

(* At most one established leader per epoch. *)
Leadership == \A a, b \in epochLeaders : a[1] = b[1] => a[2] = b[2]

(* Committed histories are prefixes of one another, and of the ghost log: nothing committed is lost. *)
PrefixConsistency ==
    \A i \in Server : IsPrefix(Prefix(history[i], lastCommitted[i]), committedLog)

(* Primary order: each history is in strictly increasing zxid order. *)
PrimaryOrder ==
    \A i \in Server : \A n \in 1..(Len(history[i]) - 1) : ZxidLt(history[i][n].zxid, history[i][n + 1].zxid)

(* Integrity: only proposed values commit, each once. *)
Integrity ==
    /\ \A n \in 1..Len(committedLog) : committedLog[n].value \in proposedValues
    /\ \A n, k \in 1..Len(committedLog) : n /= k => committedLog[n].value /= committedLog[k].value

(* An established leader's history holds every transaction committed in earlier epochs. *)
LeaderHoldsCommitted ==
    \A i \in Server : (IsLeader(i) /\ established[i]) =>
        \A n \in 1..Len(committedLog) : committedLog[n].zxid[1] < newEpoch[i] =>
            n <= Len(history[i]) /\ history[i][n] = committedLog[n]

(* The acceptedEpoch on disk never goes back: the durable epochs only move up. *)
DurableEpochsOK == \A i \in Server : dCurrentEpoch[i] <= dAcceptedEpoch[i]

(* Reachability, for the test that the model is not vacuous: each of these must be violated. *)
NothingCommitted == Len(committedLog) = 0
NoLeaderEstablished == epochLeaders = {}
NoTruncation == \A i, j \in Server : \A n \in 1..Len(msgs[i][j]) : msgs[i][j][n].mtype /= "TRUNC"
NoSnap == \A i, j \in Server : \A n \in 1..Len(msgs[i][j]) : msgs[i][j][n].mtype /= "SNAP"

=============================================================================
