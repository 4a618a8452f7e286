namespace Siprec.Sip.Transport;

/// <summary>What the stack made of one received message.</summary>
public enum SipReceiveOutcome
{
    /// <summary>The message was well formed and handled (or deliberately ignored).</summary>
    Accepted,

    /// <summary>The message was malformed; a stream connection carrying it must be closed.</summary>
    Malformed,
}
