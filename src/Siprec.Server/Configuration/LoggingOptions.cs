using Microsoft.Extensions.Logging;

namespace Siprec.Server.Configuration;

/// <summary>Logging settings.</summary>
public sealed class LoggingOptions
{
    /// <summary>Lowest level written.</summary>
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary>Console format.</summary>
    public LogFormat Format { get; set; } = LogFormat.Json;
}
