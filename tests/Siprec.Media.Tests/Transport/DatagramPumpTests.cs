using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Media.Engine;
using Siprec.Media.Rtp;
using Siprec.Media.Transport;

namespace Siprec.Media.Tests.Transport;

public sealed class DatagramPumpTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    public static TheoryData<RtpReceiveMode> Modes => new() { RtpReceiveMode.Epoll, RtpReceiveMode.Portable };

    [Fact]
    public void Auto_OnLinux64_UsesEpoll()
    {
        using IDatagramPump pump = DatagramPump.Create(RtpReceiveMode.Auto, 1, NullLogger.Instance);

        bool expected = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64;
        Assert.Equal(expected, pump is EpollDatagramPump);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Datagrams_ReachTheirSocketsHandler_WithContentAndSource(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 2, NullLogger.Instance);
        using var sender = Bound();
        var receivers = Enumerable.Range(0, 5).Select(_ => Bound()).ToArray();
        var handlers = receivers.Select(_ => new CollectingHandler()).ToArray();
        var subscriptions = receivers.Select((r, i) => pump.Subscribe(r, handlers[i])).ToArray();

        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < receivers.Length; i++)
                sender.SendTo([(byte)i, (byte)round, 0xAB], receivers[i].LocalEndPoint!);
        }

        foreach (CollectingHandler handler in handlers)
            await handler.WaitForAsync(20);
        for (int i = 0; i < receivers.Length; i++)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(round => $"{i},{round},171"), handlers[i].Payloads);
            Assert.All(handlers[i].Sources, source => Assert.Equal(sender.LocalEndPoint, source));
        }

        foreach (IAsyncDisposable subscription in subscriptions)
            await subscription.DisposeAsync();
        foreach (Socket receiver in receivers)
            receiver.Dispose();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Ipv6Source_IsReported(RtpReceiveMode mode)
    {
        if (!Socket.OSSupportsIPv6)
            return;
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound(IPAddress.IPv6Loopback);
        using var receiver = Bound(IPAddress.IPv6Loopback);
        var handler = new CollectingHandler();
        await using (pump.Subscribe(receiver, handler))
        {
            sender.SendTo([1, 2, 3], receiver.LocalEndPoint!);
            await handler.WaitForAsync(1);
        }

        Assert.Equal(sender.LocalEndPoint, Assert.Single(handler.Sources));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AfterUnsubscribe_HandlerIsNeverCalled_AndSocketCanClose(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound();
        var receiver = Bound();
        var handler = new CollectingHandler();
        IAsyncDisposable subscription = pump.Subscribe(receiver, handler);
        sender.SendTo([1], receiver.LocalEndPoint!);
        await handler.WaitForAsync(1);

        await subscription.DisposeAsync();
        await subscription.DisposeAsync();
        int seen = handler.Count;
        sender.SendTo([2], receiver.LocalEndPoint!);
        var other = Bound();
        var otherHandler = new CollectingHandler();
        await using (pump.Subscribe(other, otherHandler))
        {
            // A datagram through the same pump afterwards shows the first socket's datagram had its chance to be (wrongly) delivered.
            sender.SendTo([3], other.LocalEndPoint!);
            await otherHandler.WaitForAsync(1);
        }

        Assert.Equal(seen, handler.Count);
        receiver.Dispose();
        other.Dispose();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task PortPairReleasedAndLeasedAgain_DeliversTheNewLeasesDatagramsToItsNewHandler(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound();
        int first = 40000 + (Random.Shared.Next(0, 4000) * 4);
        // One pair in the range: the second call is bound to exactly the ports (and, as likely as not, the descriptors) the first released.
        var allocator = new RtpPortAllocator(new RtpPortRange(first, first + 1));
        var earlier = new CollectingHandler();
        RtpPortLease lease = allocator.Allocate(IPAddress.Loopback);
        await using (pump.Subscribe(lease.RtpSocket, earlier))
        {
            sender.SendTo([1], lease.RtpSocket.LocalEndPoint!);
            await earlier.WaitForAsync(1);
        }

        lease.Dispose();
        using RtpPortLease again = allocator.Allocate(IPAddress.Loopback);
        var later = new CollectingHandler();
        await using (pump.Subscribe(again.RtpSocket, later))
        {
            for (byte i = 0; i < 50; i++)
                sender.SendTo([2, i], again.RtpSocket.LocalEndPoint!);
            await later.WaitForAsync(50);
        }

        Assert.Equal(first, again.RtpPort);
        Assert.Equal(1, earlier.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"2,{i}"), later.Payloads);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task DatagramsQueuedBeforeSubscribing_SeveralBatchesWorth_AreAllDelivered(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound();
        using var receiver = Bound();
        for (int k = 0; k < 200; k++)
            sender.SendTo([(byte)k], receiver.LocalEndPoint!);
        var handler = new CollectingHandler();
        await using (pump.Subscribe(receiver, handler))
            await handler.WaitForAsync(200);

        Assert.Equal(Enumerable.Range(0, 200).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), handler.Payloads);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task SubscriptionDisposedAfterThePump_StillCompletes(RtpReceiveMode mode)
    {
        IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var receiver = Bound();
        IAsyncDisposable subscription = pump.Subscribe(receiver, new CollectingHandler());
        pump.Dispose();

        await subscription.DisposeAsync().AsTask().WaitAsync(WaitLimit);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task FailingHandler_DoesNotStopReception(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound();
        using var receiver = Bound();
        var handler = new CollectingHandler { FailOn = 1 };
        await using (pump.Subscribe(receiver, handler))
        {
            sender.SendTo([1], receiver.LocalEndPoint!);
            sender.SendTo([2], receiver.LocalEndPoint!);
            await handler.WaitForAsync(1);
        }

        Assert.Equal(["2"], handler.Payloads);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task OversizedDatagram_IsDropped_AndTheNextOneArrives(RtpReceiveMode mode)
    {
        using IDatagramPump pump = DatagramPump.Create(mode, 1, NullLogger.Instance);
        using var sender = Bound();
        using var receiver = Bound();
        var handler = new CollectingHandler();
        await using (pump.Subscribe(receiver, handler))
        {
            sender.SendTo(new byte[4000], receiver.LocalEndPoint!);
            sender.SendTo([7], receiver.LocalEndPoint!);
            await handler.WaitForAsync(1);
        }

        Assert.Equal(["7"], handler.Payloads);
    }

    [Fact]
    public async Task ManySockets_OnFewThreads_AllDelivered()
    {
        Assert.True(EpollDatagramPump.TryCreate(2, NullLogger.Instance, out EpollDatagramPump? pump, out string? reason), reason);
        using (pump)
        {
            using var sender = Bound();
            var receivers = Enumerable.Range(0, 300).Select(_ => Bound()).ToArray();
            var handler = new CollectingHandler();
            var subscriptions = receivers.Select(r => pump.Subscribe(r, handler)).ToArray();
            for (int round = 0; round < 3; round++)
            {
                foreach (Socket receiver in receivers)
                    sender.SendTo([(byte)round], receiver.LocalEndPoint!);
            }

            await handler.WaitForAsync(900);
            Assert.Equal(900, handler.Count);
            foreach (IAsyncDisposable subscription in subscriptions)
                await subscription.DisposeAsync();
            foreach (Socket receiver in receivers)
                receiver.Dispose();
        }
    }

    private static Socket Bound(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private sealed class CollectingHandler : IDatagramHandler
    {
        private readonly ConcurrentQueue<string> _payloads = new();
        private readonly ConcurrentQueue<EndPoint> _sources = new();
        private int _calls;

        public int? FailOn { get; init; }

        public int Count => _payloads.Count;

        public IEnumerable<string> Payloads => _payloads;

        public IEnumerable<EndPoint> Sources => _sources;

        public void OnDatagram(Span<byte> datagram, SocketAddress from)
        {
            if (Interlocked.Increment(ref _calls) == FailOn)
                throw new InvalidOperationException("handler failure under test");
            _payloads.Enqueue(string.Join(',', datagram.ToArray()));
            _sources.Enqueue(new IPEndPoint(from.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(from));
        }

        public async Task WaitForAsync(int count)
        {
            using var limit = new CancellationTokenSource(WaitLimit);
            while (_payloads.Count < count)
                await Task.Delay(5, limit.Token);
        }
    }
}
