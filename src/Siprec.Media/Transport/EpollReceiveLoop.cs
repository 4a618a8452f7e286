using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static Siprec.Media.Transport.LinuxSocketInterop;

namespace Siprec.Media.Transport;

/// <summary>
/// One receive thread: waits on its epoll set (edge-triggered) and drains each ready socket with <c>recvmmsg</c> calls
/// of up to <see cref="BatchSize"/> datagrams. Registrations are added from any thread but removed only by the loop
/// itself between two waits, so a handler is never called after its removal has completed.
/// </summary>
internal sealed unsafe partial class EpollReceiveLoop : IDisposable
{
    private const int BatchSize = 32;
    private const int DatagramBytes = 2048;
    private const int AddressBytes = 128;
    private const int MaxEvents = 128;
    private const int MaxRoundsPerEdge = 8;
    private const int ConnectionRefused = 111;
    private const ulong WakeToken = ulong.MaxValue;
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly object _lock = new();

    // Guards the two descriptors against use after close: a late unsubscribe must not write to a reused descriptor number.
    private readonly object _descriptorsLock = new();
    private bool _descriptorsClosed;
    private readonly ConcurrentQueue<Registration> _removals = new();
    private readonly Stack<int> _freeIds = new();
    private Registration?[] _registrations = new Registration?[64];
    private int _nextId;
    private volatile bool _stopping;
    private volatile bool _exited;
    private int _disposed;

    public EpollReceiveLoop(int index, ILogger logger)
    {
        _logger = logger;
        _epoll = EpollCreate(EpollCloexec);
        if (_epoll < 0)
            throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})");
        _wake = EventFd(0, EventFdNonBlock | EventFdCloexec);
        int errno = 0;
        if (_wake < 0)
            errno = Marshal.GetLastPInvokeError();
        else if (!TryAdd(_wake, WakeToken, EpollIn, out errno))
            Close(_wake);
        if (errno != 0)
        {
            Close(_epoll);
            throw new IOException($"setting up the receive thread's wake-up event failed (errno {errno})");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"RTP receive {index}" };
        _thread.Start();
    }

    public IAsyncDisposable Subscribe(Socket socket, IDatagramHandler handler)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        SafeSocketHandle handle = socket.SafeHandle;
        bool referenced = false;
        handle.DangerousAddRef(ref referenced);
        var registration = new Registration(this, handle, handler, new SocketAddress(socket.AddressFamily));
        lock (_lock)
        {
            registration.Id = _freeIds.Count > 0 ? _freeIds.Pop() : _nextId++;
            if (registration.Id >= _registrations.Length)
            {
                Registration?[] grown = new Registration?[_registrations.Length * 2];
                _registrations.CopyTo(grown, 0);
                Volatile.Write(ref _registrations, grown);
            }

            _registrations[registration.Id] = registration;
        }

        if (!TryAdd(registration.Fd, (ulong)registration.Id, EpollIn | EpollEt, out int errno))
        {
            Release(registration);
            throw new IOException($"Registering socket {socket.LocalEndPoint} for receive failed (errno {errno}).");
        }

        return registration;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping = true;
        Wake();
        if (Thread.CurrentThread != _thread && !_thread.Join(StopLimit))
        {
            // A handler that never returns keeps its thread; closing the descriptors under it could hand them to other sockets.
            Log.StopTimedOut(_logger, _thread.Name);
            return;
        }

        lock (_descriptorsLock)
        {
            _descriptorsClosed = true;
            Close(_wake);
            Close(_epoll);
        }
    }

    private void Run()
    {
        int eventSize = EpollEventSize;
        int dataOffset = EpollEventDataOffset;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * eventSize));
        using var batch = new ReceiveBatch(BatchSize, DatagramBytes, AddressBytes);
        try
        {
            while (true)
            {
                DrainRemovals();
                if (_stopping)
                    break;
                int ready = EpollWait(_epoll, events, MaxEvents, -1);
                if (ready < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr)
                        continue;
                    Log.WaitFailed(_logger, errno);
                    break;
                }

                Registration?[] registrations = Volatile.Read(ref _registrations);
                for (int i = 0; i < ready; i++)
                {
                    ulong token = Unsafe.ReadUnaligned<ulong>(events + (i * eventSize) + dataOffset);
                    if (token == WakeToken)
                    {
                        ulong count;
                        Read(_wake, &count, sizeof(ulong));
                    }
                    else if (token < (ulong)registrations.Length && registrations[token] is { } registration)
                    {
                        Receive(registration, batch);
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
            _exited = true;
            DrainRemovals();
        }
    }

    private void Receive(Registration registration, ReceiveBatch batch)
    {
        // Edge-triggered: read until a call comes back short (the queue is empty). The bound keeps one flooded socket from
        // starving the others; whatever it leaves is read at its next datagram's edge.
        for (int round = 0; round < MaxRoundsPerEdge; round++)
        {
            MMsgHdr* messages = batch.Reset();
            int count = RecvMmsg(registration.Fd, messages, (uint)batch.Count, MsgDontWait, null);
            if (count < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is not (EAgain or EIntr or ConnectionRefused))
                {
                    // Any other error means a broken socket: it stops receiving, as a failed async loop would.
                    Log.ReceiveFailed(_logger, registration.Fd, errno);
                    EpollCtl(_epoll, EpollCtlDel, registration.Fd, null);
                }

                return;
            }

            batch.Filled(count);
            Deliver(registration, messages, count);
            if (count < batch.Count)
                return;
        }
    }

    private void Deliver(Registration registration, MMsgHdr* messages, int count)
    {
        SocketAddress from = registration.From;
        Span<byte> address = from.Buffer.Span;
        for (int k = 0; k < count; k++)
        {
            ref MMsgHdr message = ref messages[k];
            if ((message.Header.Flags & MsgTrunc) != 0)
                continue;
            int addressLength = (int)Math.Min(message.Header.NameLength, (uint)address.Length);
            new ReadOnlySpan<byte>(message.Header.Name, addressLength).CopyTo(address);
            from.Size = addressLength;
            try
            {
                registration.Handler.OnDatagram(new Span<byte>(message.Header.Iov->Base, (int)message.Length), from);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.HandlerFailed(_logger, e);
            }
        }
    }

    private void Remove(Registration registration)
    {
        lock (_descriptorsLock)
        {
            if (!_descriptorsClosed)
                EpollCtl(_epoll, EpollCtlDel, registration.Fd, null);
        }

        Release(registration);
        registration.Removed.TrySetResult();
    }

    private void Release(Registration registration)
    {
        lock (_lock)
        {
            _registrations[registration.Id] = null;
            _freeIds.Push(registration.Id);
        }

        registration.Handle.DangerousRelease();
    }

    private void RequestRemoval(Registration registration)
    {
        _removals.Enqueue(registration);
        Wake();
        if (_exited)
            DrainRemovals();
    }

    private void DrainRemovals()
    {
        while (_removals.TryDequeue(out Registration? registration))
            Remove(registration);
    }

    private void Wake()
    {
        ulong one = 1;
        lock (_descriptorsLock)
        {
            if (!_descriptorsClosed)
                Write(_wake, &one, sizeof(ulong));
        }
    }

    private bool TryAdd(int fd, ulong token, uint events, out int errno)
    {
        byte* epollEvent = stackalloc byte[16];
        Unsafe.WriteUnaligned(epollEvent, events);
        Unsafe.WriteUnaligned(epollEvent + EpollEventDataOffset, token);
        if (EpollCtl(_epoll, EpollCtlAdd, fd, epollEvent) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    private sealed class Registration(EpollReceiveLoop loop, SafeSocketHandle handle, IDatagramHandler handler, SocketAddress from) : IAsyncDisposable
    {
        private int _disposed;

        public int Id { get; set; }

        public SafeSocketHandle Handle { get; } = handle;

        public int Fd { get; } = (int)handle.DangerousGetHandle();

        public IDatagramHandler Handler { get; } = handler;

        /// <summary>Written only by the loop thread, right before each handler call.</summary>
        public SocketAddress From { get; } = from;

        public TaskCompletionSource Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                loop.RequestRemoval(this);
            return new ValueTask(Removed.Task);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "RTP receive thread stopped: epoll_wait failed (errno {Errno})")]
        public static partial void WaitFailed(ILogger logger, int errno);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Socket {Fd} stopped receiving: recvmmsg failed (errno {Errno})")]
        public static partial void ReceiveFailed(ILogger logger, int fd, int errno);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A datagram handler failed; the datagram was dropped")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Thread} did not stop within 5 s; its descriptors are left open")]
        public static partial void StopTimedOut(ILogger logger, string? thread);
    }
}
