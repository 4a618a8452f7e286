using System.Text.Json;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Admission;
using Siprec.Recording.Sessions;
using Siprec.Server.Api;
using Siprec.Server.Health;
using Siprec.Server.Observability;

namespace Siprec.Server.Nodes;

/// <summary>
/// This node as <c>GET /api/nodes</c> shows it (state, live sessions, free disk, version, uptime, address), and its drain
/// switch: a drained node answers new INVITEs and OPTIONS probes 503 while its live calls run to their end.
/// </summary>
public sealed partial class LocalNodeState
{
    private readonly NodeAdmission _admission;
    private readonly ISessionRegistry _registry;
    private readonly TimeProvider _time;
    private readonly string _recordingDirectory;
    private readonly int _maxSessions;
    private readonly string _url;
    private readonly DateTimeOffset _startedAt;
    private readonly ILogger _logger;

    /// <summary>Creates the state of node <paramref name="id"/>, started now.</summary>
    public LocalNodeState(
        string id, string url, NodeAdmission admission, ISessionRegistry registry, string recordingDirectory, int maxSessions, TimeProvider time, ILogger<LocalNodeState> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        Id = id;
        _url = url;
        _admission = admission;
        _registry = registry;
        _recordingDirectory = recordingDirectory;
        _maxSessions = maxSessions;
        _time = time;
        _startedAt = time.GetUtcNow();
        _logger = logger;
    }

    /// <summary>This node's id.</summary>
    public string Id { get; }

    /// <summary><c>active</c>, or <c>draining</c> when drained or shutting down.</summary>
    public string State => _admission.Drain.IsDraining ? "draining" : "active";

    /// <summary>The 404 for a node id nobody knows.</summary>
    public static JsonAnswer NotFound(string id) => JsonAnswer.Error(404, "node not found: " + id);

    /// <summary>This node's entry of the node list.</summary>
    public JsonAnswer Status() => new(200, Write);

    /// <summary>Refuses new calls from now on; 409 when the node is shutting down (it refuses them already, for good).</summary>
    public JsonAnswer Drain()
    {
        if (!_admission.Drain.Drain())
        {
            return ShuttingDown("drained");
        }

        Log.Drained(_logger, Id, _registry.Count);
        return Status();
    }

    /// <summary>Takes new calls again; 409 when the node is shutting down.</summary>
    public JsonAnswer Undrain()
    {
        if (!_admission.Drain.Undrain())
        {
            return ShuttingDown("undrained");
        }

        Log.Undrained(_logger, Id);
        return Status();
    }

    /// <summary>Writes this node's entry: id, state, why new calls are refused, sessions, free disk, version, uptime, url.</summary>
    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var now = _time.GetUtcNow();
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("state", State);
        if (_admission.RefusalReason() is { } refusal)
        {
            w.WriteString("refusing", refusal);
        }
        else
        {
            w.WriteNull("refusing");
        }

        w.WriteNumber("sessions", _registry.Count);
        w.WriteNumber("max_sessions", _maxSessions);
        if (DiskSpace.TryRead(_recordingDirectory, out var free, out _))
        {
            w.WriteNumber("free_disk_bytes", free);
        }
        else
        {
            w.WriteNull("free_disk_bytes");
        }

        w.WriteString("version", HealthEndpoints.Version);
        w.WriteNumber("uptime_seconds", (long)(now - _startedAt).TotalSeconds);
        w.WriteString("started_at", Rfc3339.Format(_startedAt));
        w.WriteString("url", _url);
        w.WriteEndObject();
    }

    private JsonAnswer ShuttingDown(string verb)
    {
        Log.NotChanged(_logger, Id, verb);
        return JsonAnswer.Error(409, $"node {Id} is shutting down: it refuses new calls for good and cannot be {verb}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Node {Node} drained: new calls and OPTIONS probes get 503; {Sessions} live session(s) run to their end")]
        public static partial void Drained(ILogger logger, string node, int sessions);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Node {Node} undrained: it takes new calls again")]
        public static partial void Undrained(ILogger logger, string node);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Node {Node} cannot be {Verb}: it is shutting down")]
        public static partial void NotChanged(ILogger logger, string node, string verb);
    }
}
