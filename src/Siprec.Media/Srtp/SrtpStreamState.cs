namespace Siprec.Media.Srtp;

/// <summary>The per-SSRC cryptographic state of an SRTP context: rollover counter, highest sequence number and replay windows.</summary>
internal sealed class SrtpStreamState
{
    public bool Started { get; set; }

    /// <summary>ROC: how many times the 16-bit sequence number has wrapped.</summary>
    public long RolloverCounter { get; set; }

    /// <summary>s_l: the highest sequence number seen in the current ROC.</summary>
    public int HighestSequence { get; set; }

    public SrtpReplayWindow RtpWindow;

    public SrtpReplayWindow RtcpWindow;

    /// <summary>The next SRTCP index this side sends.</summary>
    public int NextRtcpIndex { get; set; }

    /// <summary>RFC 3711 Appendix A: guesses the ROC of <paramref name="sequence"/>; may be -1 for a packet from before the first ROC.</summary>
    public long EstimateRollover(int sequence)
    {
        if (!Started)
        {
            return 0;
        }

        if (HighestSequence < 32768)
        {
            return sequence - HighestSequence > 32768 ? RolloverCounter - 1 : RolloverCounter;
        }

        return HighestSequence - 32768 > sequence ? RolloverCounter + 1 : RolloverCounter;
    }

    /// <summary>Moves ROC and s_l forward after a packet with this estimate authenticated.</summary>
    public void Advance(long rollover, int sequence)
    {
        if (!Started)
        {
            Started = true;
            RolloverCounter = rollover;
            HighestSequence = sequence;
        }
        else if (rollover > RolloverCounter)
        {
            RolloverCounter = rollover;
            HighestSequence = sequence;
        }
        else if (rollover == RolloverCounter && sequence > HighestSequence)
        {
            HighestSequence = sequence;
        }
    }
}
