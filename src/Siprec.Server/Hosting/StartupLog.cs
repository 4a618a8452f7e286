using Microsoft.Extensions.Logging;

namespace Siprec.Server.Hosting;

/// <summary>Log records written while the server starts.</summary>
public static partial class StartupLog
{
    /// <summary>A non-fatal configuration problem, such as an unknown JSON key.</summary>
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Configuration warning")]
    public static partial void ConfigurationWarning(ILogger logger, string detail, string? config_file);

    /// <summary>The recording directory lets other users list or read it; recordings are regulated data.</summary>
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "RECORDING_DIR {Directory} is readable by other users; restrict it with chmod 700 (new files and folders are created owner-only)")]
    public static partial void RecordingDirectoryOpen(ILogger logger, string directory);
}
