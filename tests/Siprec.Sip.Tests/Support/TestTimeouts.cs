namespace Siprec.Sip.Tests.Support;

/// <summary>Safety bounds for awaiting network events; never speed assertions.</summary>
internal static class TestTimeouts
{
    /// <summary>How long to wait for something that must happen.</summary>
    public static readonly TimeSpan Expected = TimeSpan.FromSeconds(5);

    /// <summary>How long to listen for something that must not happen.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(300);

    public static async Task<T> ReadAsync<T>(this System.Threading.Channels.Channel<T> channel)
    {
        using var cts = new CancellationTokenSource(Expected);
        return await channel.Reader.ReadAsync(cts.Token);
    }
}
