using Microsoft.Extensions.Logging;

namespace Siprec.Server.Hosting;

/// <summary>Log records written while the server starts.</summary>
public static partial class StartupLog
{
    /// <summary>A non-fatal configuration problem, such as an unknown JSON key.</summary>
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Configuration warning")]
    public static partial void ConfigurationWarning(ILogger logger, string detail, string? config_file);
}
