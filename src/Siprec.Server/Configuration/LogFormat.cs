namespace Siprec.Server.Configuration;

/// <summary>Console log format.</summary>
public enum LogFormat
{
    /// <summary>One JSON object per line.</summary>
    Json,

    /// <summary>Human-readable lines.</summary>
    Text,
}
