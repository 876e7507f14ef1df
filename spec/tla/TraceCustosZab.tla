--------------------------- MODULE TraceCustosZab ---------------------------
(***************************************************************************)
(* Trace validation: a simulator run (TraceData, generated) must be a      *)
(* behaviour of CustosZab. Each event is matched by the model action it    *)
(* names, on the channel its message came from, and the peer's logged      *)
(* state after it must be the model's.                                    *)
(***************************************************************************)
EXTENDS CustosZab, TraceData, TLC

VARIABLE l   \* the position in TraceLog of the next event to explain

TraceVars == <<vars, l>>
Ev == TraceLog[l]

(* The peer's logged state, against the model's (primed) state. A step that took several actions
   logs its state after the last of them, so only that event is checked (chk). *)
StateOK(e) ==
    e.chk =>
    LET i == e.n IN
    /\ state'[i] = e.st
    /\ zabState'[i] = e.zs
    /\ (e.st = LOOKING \/ leaderOf'[i] = e.ld)
    /\ acceptedEpoch'[i] = e.vacc
    /\ currentEpoch'[i] = e.vcur
    /\ LastZxidOf(history'[i]) = e.vlast
    /\ ZxidAt(history'[i], lastCommitted'[i]) = e.vcom
    /\ established'[i] = e.vest

(* The message at the head of the channel is the one the event names. *)
IsMsg(m, e) ==
    /\ m.mtype = e.mt
    /\ m.conn = e.conn
    /\ CASE m.mtype = "CEPOCH" -> m.acc = e.acc
         [] m.mtype = "NEWEPOCH" -> m.epoch = e.ep /\ m.est = e.est
         [] m.mtype = "ACKEPOCH" -> m.epoch = e.ep /\ m.cur = e.cur /\ m.last = e.zx
         [] m.mtype \in {"DIFF", "TRUNC", "COMMIT", "ACK"} -> m.zxid = e.zx
         [] m.mtype = "SNAP" -> LastZxidOf(m.hist) = e.zx
         [] m.mtype = "PROPOSAL" -> m.txn.zxid = e.zx /\ m.txn.value = e.val
         [] m.mtype \in {"NEWLEADER", "ACKLD"} -> m.epoch = e.ep /\ m.zxid = e.zx
         [] m.mtype = "UPTODATE" -> m.epoch = e.ep /\ m.committed = e.zx
         [] OTHER -> FALSE
HeadIs(i, j, e) == Pending(i, j) /\ IsMsg(Msg(i, j), e)

Stutter == UNCHANGED vars

(* What a sync appended to the leader's channel to j: the first message and the start of the
   proposals are the ones the implementation sent (the model may choose among several). *)
Appended(i, j) == SubSeq(msgs'[i][j], Len(msgs[i][j]) + 1, Len(msgs'[i][j]))
SyncMatches(i, j, e) ==
    LET a == Appended(i, j) IN
    /\ Len(a) >= 2
    /\ a[1].mtype = e.mt
    /\ IF e.mt = "SNAP" THEN LastZxidOf(a[1].hist) = e.zx ELSE a[1].zxid = e.zx
    /\ IF e.zx2 = ZeroZxid THEN a[2].mtype /= "PROPOSAL" ELSE a[2].mtype = "PROPOSAL" /\ a[2].txn.zxid = e.zx2

(* Remove the k-th message of channel i -> j. *)
Without(s, k) == SubSeq(s, 1, k - 1) \o SubSeq(s, k + 1, Len(s))

Step(e) ==
    LET i == e.n
        j == IF e.from = 0 THEN i ELSE e.from
    IN CASE e.e = "Restart" -> Stutter /\ StateOK(e)
         [] e.e = "Crash" -> CrashRestart(i) /\ ZxidAt(history'[i], lastCommitted'[i]) = e.vcom
         [] e.e = "Lost" -> \E k \in 1..Len(msgs[e.n][e.to]) :
                                /\ IsMsg(msgs[e.n][e.to][k], e)
                                /\ msgs' = [msgs EXCEPT ![e.n][e.to] = Without(@, k)]
                                /\ UNCHANGED <<roleVars, dataVars, durableVars, leaderVars, learnerVars, ghostVars>>
         [] e.e = "FLEDecide" -> Elect(i, e.ld) /\ StateOK(e)
         [] e.e = "Timeout" -> IF state[i] = LOOKING THEN Stutter /\ StateOK(e) ELSE Timeout(i) /\ StateOK(e)
         [] e.e = "LogPersisted" -> Persist(i) /\ StateOK(e)
         [] e.e = "Discard" /\ e.mt = "" -> Stutter /\ StateOK(e)   \* a ping or request: not in the model
         [] e.e = "Discard" -> /\ HeadIs(i, j, e)
                               /\ (LeaderDiscard(i, j) \/ FollowerDiscard(i, j))
                               /\ StateOK(e)
         [] e.e = "LeaderProcessCEPOCH" -> HeadIs(i, j, e) /\ LeaderProcessCEPOCH(i, j) /\ StateOK(e)
         [] e.e = "LeaderProcessACKEPOCH" -> (j = i \/ HeadIs(i, j, e)) /\ LeaderProcessACKEPOCH(i, j) /\ StateOK(e)
         [] e.e = "LeaderSyncLearner" ->
                LET from == IF e.zx2 = ZeroZxid THEN Len(history[i]) ELSE CountUpTo(history[i], e.zx2) - 1 IN
                LeaderSyncLearnerAs(i, e.about, e.mt, e.zx, from) /\ SyncMatches(i, e.about, e) /\ StateOK(e)
         [] e.e = "LeaderDropLearner" -> LeaderDropLearner(i, e.about) /\ StateOK(e)
         [] e.e = "LeaderProcessACKLD" -> (j = i \/ HeadIs(i, j, e)) /\ LeaderProcessACKLD(i, j) /\ StateOK(e)
         [] e.e = "LeaderProcessACK" -> (j = i \/ HeadIs(i, j, e)) /\ LeaderProcessACK(i, j) /\ StateOK(e)
         [] e.e = "LeaderProcessRequest" -> LeaderProcessRequest(i, e.val) /\ StateOK(e)
         [] e.e = "FollowerProcessNEWEPOCH" -> HeadIs(i, j, e) /\ FollowerProcessNEWEPOCH(i, j) /\ StateOK(e)
         [] e.e = "FollowerProcessSYNC" -> HeadIs(i, j, e) /\ FollowerProcessSYNC(i, j) /\ StateOK(e)
         [] e.e = "FollowerProcessPROPOSE" -> HeadIs(i, j, e) /\ FollowerProcessPROPOSE(i, j) /\ StateOK(e)
         [] e.e = "FollowerProcessCOMMIT" -> HeadIs(i, j, e) /\ FollowerProcessCOMMIT(i, j) /\ StateOK(e)
         [] e.e = "FollowerProcessNEWLEADER" -> HeadIs(i, j, e) /\ FollowerProcessNEWLEADER(i, j) /\ StateOK(e)
         [] e.e = "FollowerProcessCOMMITLD" -> HeadIs(i, j, e) /\ FollowerProcessUPTODATE(i, j) /\ StateOK(e)
         [] OTHER -> FALSE

TraceInit == Init /\ l = 1

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ Step(Ev) /\ UpdateCommittedLog
    /\ l' = l + 1

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

(* Reporting without POSTCONDITION (TLC 2.18): register 1 holds the furthest position reached.
   Each time it grows the constraint prints it; at the end it prints TRACE_ACCEPTED. *)
ASSUME TLCSet(1, 0)
TraceProgress ==
    /\ IF l > TLCGet(1)
       THEN /\ TLCSet(1, l)
            /\ IF l > Len(TraceLog) THEN PrintT("TRACE_ACCEPTED") ELSE PrintT(<<"TRACE_FRONTIER", l, TraceLog[l]>>)
       ELSE TRUE

=============================================================================
