namespace Siprec.Recording.Signalling;

/// <summary>What an answered m-line means for the recording.</summary>
public enum SdpStreamState
{
    /// <summary>The SRC sends media on this stream (<c>sendonly</c> or <c>sendrecv</c>): record it.</summary>
    Recording,

    /// <summary>The SRC holds this stream (<c>inactive</c>, <c>recvonly</c>, or a <c>0.0.0.0</c> address): treat as paused by the source.</summary>
    PausedBySource,

    /// <summary>The stream is refused (port 0 in the offer or in our answer): no media is expected.</summary>
    Rejected,
}
