namespace Siprec.Recording.Sessions;

/// <summary>Who asked for a pause.</summary>
public enum PauseSource
{
    /// <summary>An operator through the REST API.</summary>
    Api,

    /// <summary>The recording client (SRC), by sending <c>a=inactive</c> on all streams.</summary>
    Src,

    /// <summary>A server-side policy.</summary>
    Policy,
}
