using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Siprec.Recording.Srs;

/// <summary>The calls the user agent is recording, by Call-ID. Thread-safe.</summary>
internal sealed class SrsCallTable
{
    private readonly ConcurrentDictionary<string, SrsCall> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    /// <summary>The calls at this moment (a copy).</summary>
    public ICollection<SrsCall> Snapshot() => _calls.Values;

    public bool TryGet(string callId, [NotNullWhen(true)] out SrsCall? call) => _calls.TryGetValue(callId, out call);

    public bool Contains(string callId) => _calls.ContainsKey(callId);

    /// <summary>False when another call with the same Call-ID is in the table.</summary>
    public bool TryAdd(SrsCall call) => _calls.TryAdd(call.Session.Id, call);

    /// <summary>Removes <paramref name="call"/>, never a later call that reuses its Call-ID.</summary>
    public void Remove(SrsCall call) => _calls.TryRemove(new KeyValuePair<string, SrsCall>(call.Session.Id, call));
}
