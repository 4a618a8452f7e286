using System.Threading.Channels;

namespace Siprec.Transcription.Feed;

/// <summary>
/// Wakes a feed's pump: audio queued, a pause change, a keep-alive due, the end. Wake-ups coalesce (any number between two
/// waits wake the pump once), and waiting allocates nothing, so an idle pass costs no garbage.
/// </summary>
internal sealed class PumpWakeup
{
    // One slot that drops further writes is an auto-reset signal; a wait that cannot be cancelled reuses the channel's one waiter.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = false });

    /// <summary>Wakes the pump, now or at its next wait. Never blocks.</summary>
    public void Set() => _signal.Writer.TryWrite(true);

    /// <summary>Forgets wake-ups so far; the pump calls it before it looks at what woke it.</summary>
    public void Consume() => _signal.Reader.TryRead(out _);

    /// <summary>Completes at the first <see cref="Set"/> since the last <see cref="Consume"/>.</summary>
    public ValueTask<bool> WaitAsync() => _signal.Reader.WaitToReadAsync(CancellationToken.None);
}
