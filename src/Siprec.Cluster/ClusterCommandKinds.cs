namespace Siprec.Cluster;

/// <summary>The commands nodes send each other.</summary>
public static class ClusterCommandKinds
{
    /// <summary>Pause one session.</summary>
    public const string Pause = "pause";

    /// <summary>Resume one session.</summary>
    public const string Resume = "resume";

    /// <summary>One session's pause status.</summary>
    public const string Status = "status";

    /// <summary>One session.</summary>
    public const string Session = "session";

    /// <summary>The node's sessions.</summary>
    public const string List = "list";

    /// <summary>The pause status of every session of the node.</summary>
    public const string Statuses = "statuses";

    /// <summary>Pause every session of the node.</summary>
    public const string PauseAll = "pause-all";

    /// <summary>Resume every session of the node.</summary>
    public const string ResumeAll = "resume-all";

    /// <summary>The node's state: drained or not, sessions, free disk, version, uptime.</summary>
    public const string Node = "node";

    /// <summary>Refuse new calls until undrained; live calls run to their end.</summary>
    public const string Drain = "drain";

    /// <summary>Take new calls again after a drain.</summary>
    public const string Undrain = "undrain";
}
