using System.Collections.ObjectModel;

namespace Siprec.Sip.Sdp;

/// <summary>The media list of a session; sets each description's back-reference so session-level fallbacks work.</summary>
internal sealed class SdpMediaList(SdpSessionDescription owner) : Collection<SdpMediaDescription>
{
    protected override void InsertItem(int index, SdpMediaDescription item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Session = owner;
        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, SdpMediaDescription item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Session = owner;
        base.SetItem(index, item);
    }
}
