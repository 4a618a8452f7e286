using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Siprec.Sip.Overload;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Support;

/// <summary>A started stack on 127.0.0.1 with ephemeral ports, an optional fake clock and a recording handler.</summary>
internal sealed class StackHarness : IAsyncDisposable
{
    private StackHarness(SipStack stack, RecordingRequestHandler handler, FakeTimeProvider? clock, SipTimerOptions timers)
    {
        Stack = stack;
        Handler = handler;
        Clock = clock;
        Timers = timers;
    }

    public SipStack Stack { get; }

    public RecordingRequestHandler Handler { get; }

    public FakeTimeProvider? Clock { get; }

    public SipTimerOptions Timers { get; }

    public IPEndPoint Udp => Stack.UdpEndPoint!;

    public IPEndPoint Tcp => Stack.TcpEndPoint!;

    public static async Task<StackHarness> StartAsync(
        bool fakeClock = false, SipTransportOptions? options = null, SipTimerOptions? timers = null, ILoggerFactory? loggers = null, ISipTrafficObserver? observer = null, SipOverloadOptions? overload = null)
    {
        var clock = fakeClock ? new FakeTimeProvider() : null;
        var handler = new RecordingRequestHandler();
        timers ??= new SipTimerOptions();
        options ??= new SipTransportOptions();
        options = options with { Host = "127.0.0.1", UdpPort = 0, TcpPort = 0 };
        var stack = new SipStack(options, timers, handler, clock, loggers, observer, overload);
        await stack.StartAsync();
        return new StackHarness(stack, handler, clock, timers);
    }

    public void Advance(TimeSpan by) => Clock!.Advance(by);

    public async ValueTask DisposeAsync() => await Stack.DisposeAsync();
}
