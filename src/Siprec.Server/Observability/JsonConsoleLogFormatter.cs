using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Siprec.Server.Observability;

/// <summary>Console formatter writing each record as one <see cref="JsonLogLine"/>.</summary>
public sealed class JsonConsoleLogFormatter : ConsoleFormatter
{
    /// <summary>Name to select this formatter with.</summary>
    public const string FormatterName = "siprec-json";

    private readonly TimeProvider _time;

    /// <summary>Creates the formatter.</summary>
    public JsonConsoleLogFormatter(TimeProvider time)
        : base(FormatterName)
    {
        _time = time;
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
        textWriter.WriteLine(JsonLogLine.Format(
            logEntry.LogLevel, logEntry.Category, message, _time.GetUtcNow(),
            logEntry.State as IEnumerable<KeyValuePair<string, object?>>, logEntry.Exception));
    }
}
