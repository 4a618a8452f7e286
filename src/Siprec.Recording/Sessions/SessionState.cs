namespace Siprec.Recording.Sessions;

/// <summary>Lifecycle of a recording session.</summary>
public enum SessionState
{
    /// <summary>Media is flowing (or may flow) and is being recorded.</summary>
    Active,

    /// <summary>A BYE or a timeout was seen; the recording is being finalised.</summary>
    Ending,

    /// <summary>The recording is closed.</summary>
    Ended,
}
