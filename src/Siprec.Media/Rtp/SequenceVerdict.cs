namespace Siprec.Media.Rtp;

/// <summary>How a packet's sequence number relates to what the stream has already received.</summary>
public enum SequenceVerdict
{
    /// <summary>Newer than everything received so far.</summary>
    InOrder,

    /// <summary>Older than the newest, within the reorder window, not seen before.</summary>
    Reordered,

    /// <summary>Already received.</summary>
    Duplicate,

    /// <summary>Older than the reorder window allows.</summary>
    Late,

    /// <summary>A jump so large the source must have restarted its numbering; tracking restarted at this packet.</summary>
    Restarted,
}
