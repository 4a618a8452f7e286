using System.Collections.Concurrent;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Dialogs;

/// <summary>The live dialogs, matched by Call-ID and tags (RFC 3261 §12.2.2). Thread-safe.</summary>
public sealed class SipDialogTable
{
    private readonly ConcurrentDictionary<SipDialogId, SipDialog> _dialogs = new();

    /// <summary>The number of live dialogs.</summary>
    public int Count => _dialogs.Count;

    /// <summary>A snapshot of the live dialogs.</summary>
    public IReadOnlyCollection<SipDialog> Snapshot() => [.. _dialogs.Values];

    /// <summary>The dialog a request received from the peer belongs to: To tag is ours, From tag theirs.</summary>
    public SipDialog? Find(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var callId = request.CallId;
        var localTag = request.ToTag();
        if (callId is null || localTag is null)
        {
            return null;
        }

        return _dialogs.GetValueOrDefault(new SipDialogId(callId, localTag, request.FromTag() ?? string.Empty));
    }

    /// <summary>The dialog with this id, or null.</summary>
    public SipDialog? Find(SipDialogId id) => _dialogs.GetValueOrDefault(id);

    /// <summary>Adds a dialog; returns the one already there under the same id, if any.</summary>
    internal SipDialog GetOrAdd(SipDialog dialog) => _dialogs.GetOrAdd(dialog.Id, dialog);

    /// <summary>Removes a dialog; true when it was there.</summary>
    internal bool Remove(SipDialog dialog) => _dialogs.TryRemove(new KeyValuePair<SipDialogId, SipDialog>(dialog.Id, dialog));
}
