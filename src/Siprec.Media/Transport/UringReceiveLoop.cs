using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static Siprec.Media.Transport.LinuxSocketInterop;
using static Siprec.Media.Transport.UringInterop;

namespace Siprec.Media.Transport;

/// <summary>
/// One receive thread on its own io_uring: a multishot <c>recvmsg</c> per socket into a ring of provided buffers, so one
/// <c>io_uring_enter</c> reaps the datagrams of every socket that received since the last one. Only this thread submits
/// (the ring is single-issuer with deferred task work); other threads hand it subscriptions and removals through queues
/// and an eventfd read kept armed in the ring.
/// </summary>
internal sealed unsafe partial class UringReceiveLoop : IDisposable
{
    public const uint DefaultSubmissionEntries = 256;
    private const uint CompletionEntries = 16384;
    private const int BufferCount = 4096;
    private const int NameBytes = 128;
    private const int DatagramBytes = 2048;
    private const int BufferBytes = 16 + NameBytes + DatagramBytes;
    private const ushort BufferGroup = 0;
    private const int ConnectionRefused = 111;
    private const int TimerExpired = 62;

    // A busy thread sleeps until this many datagrams are ready or the minimum wait has passed (then returns on the first),
    // so one wake-up reaps many sockets' datagrams; an idle thread still wakes on its first datagram.
    private const uint BatchCompletions = 64;
    private const uint BatchWaitMicroseconds = 1000;
    private const ulong WakeToken = ulong.MaxValue;
    private const ulong CancelToken = ulong.MaxValue - 1;
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly uint _submissionEntries;
    private readonly Thread _thread;
    private readonly object _lock = new();
    private readonly ConcurrentQueue<Registration> _additions = new();
    private readonly ConcurrentQueue<Registration> _removals = new();
    private readonly List<Registration> _rearms = [];
    private readonly Stack<int> _freeIds = new();
    private readonly TaskCompletionSource<int> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _wakeLock = new();
    private Registration?[] _registrations = new Registration?[64];
    private int _nextId;
    private int _wake = -1;
    private bool _wakeClosed;
    private volatile bool _stopping;
    private int _disposed;

    private int _ring = -1;
    private byte* _rings;
    private nuint _ringsLength;
    private Sqe* _sqes;
    private nuint _sqesLength;
    private uint* _sqHead;
    private uint* _sqTail;
    private uint _sqMask;
    private uint _sqEntries;
    private uint* _sqArray;
    private uint _sqLocalTail;
    private uint _pending;
    private uint* _cqHead;
    private uint* _cqTail;
    private uint _cqMask;
    private Cqe* _cqes;
    private ProvidedBuffer* _bufferRing;
    private byte* _buffers;
    private ushort _bufferTail;
    private MsgHdr* _message;
    private ulong* _wakeValue;
    private GetEventsArgument* _waitArgument;
    private bool _minTimeout;

    public UringReceiveLoop(int index, uint submissionEntries, ILogger logger)
    {
        _logger = logger;
        _submissionEntries = submissionEntries;
        _thread = new Thread(Run) { IsBackground = true, Name = $"RTP receive {index} (io_uring)" };
        _thread.Start();

        // The ring is made on its own thread: a single-issuer ring belongs to the thread that creates it.
        int errno = _started.Task.GetAwaiter().GetResult();
        if (errno != 0)
        {
            _thread.Join(StopLimit);
            throw new IOException($"io_uring setup failed (errno {errno})");
        }
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

        _additions.Enqueue(registration);
        Wake();
        return registration;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping = true;
        Wake();
        if (Thread.CurrentThread != _thread && !_thread.Join(StopLimit))
            Log.StopTimedOut(_logger, _thread.Name);
    }

    private void Run()
    {
        int errno = Open();
        _started.SetResult(errno);
        if (errno != 0)
        {
            CloseAll();
            return;
        }

        try
        {
            ArmWake();
            while (!_stopping)
            {
                ApplyRequests();
                uint submit = Publish();
                int result = _minTimeout
                    ? Enter(_ring, submit, BatchCompletions, EnterGetEvents, _waitArgument)
                    : Enter(_ring, submit, 1, EnterGetEvents);
                if (result < 0)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error is EIntr or EAgain or TimerExpired)
                        continue;
                    Log.EnterFailed(_logger, error);
                    break;
                }

                Reap();
            }
        }
        finally
        {
            CloseAll();
        }
    }

    private int Open()
    {
        Params parameters = default;
        parameters.Flags = SetupCqSize | SetupSubmitAll | SetupSingleIssuer | SetupDeferTaskrun;
        parameters.CqEntries = CompletionEntries;
        _ring = Setup(_submissionEntries, &parameters);
        if (_ring < 0)
            return Marshal.GetLastPInvokeError();
        if ((parameters.Features & FeatSingleMmap) == 0)
            return 95;

        nuint sqLength = parameters.SqOffsets.Array + (parameters.SqEntries * sizeof(uint));
        nuint cqLength = parameters.CqOffsets.Cqes + (parameters.CqEntries * (uint)sizeof(Cqe));
        _ringsLength = Math.Max(sqLength, cqLength);
        void* rings = Mmap(null, _ringsLength, ProtReadWrite, MapShared | MapPopulate, _ring, OffSqRing);
        if (rings == (void*)-1)
            return Marshal.GetLastPInvokeError();
        _rings = (byte*)rings;
        _sqesLength = parameters.SqEntries * (nuint)sizeof(Sqe);
        void* sqes = Mmap(null, _sqesLength, ProtReadWrite, MapShared | MapPopulate, _ring, OffSqes);
        if (sqes == (void*)-1)
            return Marshal.GetLastPInvokeError();
        _sqes = (Sqe*)sqes;

        _sqHead = (uint*)(_rings + parameters.SqOffsets.Head);
        _sqTail = (uint*)(_rings + parameters.SqOffsets.Tail);
        _sqMask = *(uint*)(_rings + parameters.SqOffsets.RingMask);
        _sqEntries = parameters.SqEntries;
        _sqArray = (uint*)(_rings + parameters.SqOffsets.Array);
        _sqLocalTail = *_sqTail;
        _cqHead = (uint*)(_rings + parameters.CqOffsets.Head);
        _cqTail = (uint*)(_rings + parameters.CqOffsets.Tail);
        _cqMask = *(uint*)(_rings + parameters.CqOffsets.RingMask);
        _cqes = (Cqe*)(_rings + parameters.CqOffsets.Cqes);

        _bufferRing = (ProvidedBuffer*)NativeMemory.AlignedAlloc((nuint)(BufferCount * sizeof(ProvidedBuffer)), 4096);
        NativeMemory.Clear(_bufferRing, (nuint)(BufferCount * sizeof(ProvidedBuffer)));
        _buffers = (byte*)NativeMemory.Alloc((nuint)BufferCount * BufferBytes);
        for (int id = 0; id < BufferCount; id++)
            ReturnBuffer((ushort)id);
        BufferRingRegistration registration = default;
        registration.RingAddress = (ulong)_bufferRing;
        registration.RingEntries = BufferCount;
        registration.GroupId = BufferGroup;
        if (Register(_ring, RegisterPbufRing, &registration, 1) < 0)
            return Marshal.GetLastPInvokeError();
        Volatile.Write(ref *(ushort*)((byte*)_bufferRing + 14), _bufferTail);

        _message = (MsgHdr*)NativeMemory.AllocZeroed((nuint)sizeof(MsgHdr));
        _message->NameLength = NameBytes;
        _wakeValue = (ulong*)NativeMemory.AllocZeroed(sizeof(ulong));
        _waitArgument = (GetEventsArgument*)NativeMemory.AllocZeroed((nuint)sizeof(GetEventsArgument));
        _waitArgument->MinWaitMicroseconds = BatchWaitMicroseconds;
        _minTimeout = (parameters.Features & FeatMinTimeout) != 0;
        _wake = EventFd(0, EventFdCloexec);
        return _wake < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    private void CloseAll()
    {
        // Closing the ring cancels every multishot receive; only then is no buffer or handle still in the kernel's hands.
        lock (_wakeLock)
        {
            _wakeClosed = true;
            if (_wake >= 0)
                Close(_wake);
        }

        if (_sqes != null)
            Munmap(_sqes, _sqesLength);
        if (_rings != null)
            Munmap(_rings, _ringsLength);
        if (_ring >= 0)
            Close(_ring);
        NativeMemory.AlignedFree(_bufferRing);
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_message);
        NativeMemory.Free(_wakeValue);
        NativeMemory.Free(_waitArgument);
        while (_additions.TryDequeue(out _))
        {
        }

        Registration?[] registrations = _registrations;
        foreach (Registration? registration in registrations)
        {
            if (registration is not null)
                Release(registration);
        }

        while (_removals.TryDequeue(out Registration? removed))
            removed.Removed.TrySetResult();
    }

    private void ApplyRequests()
    {
        while (_additions.TryDequeue(out Registration? registration))
        {
            if (!registration.Removing)
                Arm(registration);
        }

        foreach (Registration registration in _rearms)
        {
            if (registration.Released)
                continue;
            if (registration.Removing)
                Release(registration);
            else
                Arm(registration);
        }

        _rearms.Clear();
        while (_removals.TryDequeue(out Registration? registration))
        {
            registration.Removing = true;
            if (registration.Armed)
            {
                ref Sqe sqe = ref NextSqe();
                sqe.Opcode = OpAsyncCancel;
                sqe.Fd = -1;
                sqe.Address = (ulong)registration.Id;
                sqe.UserData = CancelToken;
            }
            else if (!registration.Released)
            {
                Release(registration);
            }
        }
    }

    private void Arm(Registration registration)
    {
        ref Sqe sqe = ref NextSqe();
        sqe.Opcode = OpRecvMsg;
        sqe.Flags = SqeBufferSelect;
        sqe.IoPriority = RecvMultishot;
        sqe.Fd = registration.Fd;
        sqe.Address = (ulong)_message;
        sqe.Length = 1;
        sqe.BufferGroup = BufferGroup;
        sqe.UserData = (ulong)registration.Id;
        registration.Armed = true;
    }

    private void ArmWake()
    {
        ref Sqe sqe = ref NextSqe();
        sqe.Opcode = OpRead;
        sqe.Fd = _wake;
        sqe.Address = (ulong)_wakeValue;
        sqe.Length = sizeof(ulong);
        sqe.UserData = WakeToken;
    }

    private ref Sqe NextSqe()
    {
        if (_sqLocalTail - Volatile.Read(ref *_sqHead) >= _sqEntries)
        {
            // The submission queue is full (many subscriptions at once): hand what is queued to the kernel first.
            Enter(_ring, Publish(), 0, 0);
        }

        uint index = _sqLocalTail & _sqMask;
        _sqArray[index] = index;
        _sqLocalTail++;
        _pending++;
        ref Sqe sqe = ref _sqes[index];
        sqe = default;
        return ref sqe;
    }

    private uint Publish()
    {
        Volatile.Write(ref *_sqTail, _sqLocalTail);
        uint pending = _pending;
        _pending = 0;
        return pending;
    }

    private void Reap()
    {
        uint head = *_cqHead;
        uint tail = Volatile.Read(ref *_cqTail);
        Registration?[] registrations = Volatile.Read(ref _registrations);
        while (head != tail)
        {
            Cqe cqe = _cqes[head & _cqMask];
            head++;
            if (cqe.UserData == WakeToken)
            {
                if (!_stopping)
                    ArmWake();
                continue;
            }

            if (cqe.UserData >= (ulong)registrations.Length || registrations[cqe.UserData] is not { } registration)
            {
                if ((cqe.Flags & CqeFlagBuffer) != 0)
                    ReturnBuffer((ushort)(cqe.Flags >> CqeBufferShift));
                continue;
            }

            if ((cqe.Flags & CqeFlagBuffer) != 0)
            {
                ushort id = (ushort)(cqe.Flags >> CqeBufferShift);
                if (cqe.Result > 0 && !registration.Removing)
                    Deliver(registration, _buffers + ((nuint)id * BufferBytes), cqe.Result);
                ReturnBuffer(id);
            }

            if ((cqe.Flags & CqeFlagMore) == 0)
                Ended(registration, cqe.Result);
        }

        Volatile.Write(ref *_cqHead, head);
        Volatile.Write(ref *(ushort*)((byte*)_bufferRing + 14), _bufferTail);
    }

    private void Ended(Registration registration, int result)
    {
        registration.Armed = false;
        if (registration.Removing)
        {
            Release(registration);
            return;
        }

        // The kernel ends a multishot receive when the buffers run out or on a socket error; a refused port (an ICMP
        // error from the far end) or a short of buffers is passing, anything else means a broken socket.
        if (result >= 0 || -result is ENoBufs or ConnectionRefused or EIntr or EAgain or ECanceled)
            _rearms.Add(registration);
        else
            Log.ReceiveFailed(_logger, registration.Fd, -result);
    }

    private void Deliver(Registration registration, byte* buffer, int length)
    {
        RecvMsgOut* header = (RecvMsgOut*)buffer;
        if ((header->Flags & MsgTrunc) != 0)
            return;
        SocketAddress from = registration.From;
        Span<byte> address = from.Buffer.Span;
        int addressLength = (int)Math.Min(Math.Min(header->NameLength, (uint)NameBytes), (uint)address.Length);
        new ReadOnlySpan<byte>(buffer + sizeof(RecvMsgOut), addressLength).CopyTo(address);
        from.Size = addressLength;
        int payload = (int)Math.Min(header->PayloadLength, (uint)(length - sizeof(RecvMsgOut) - NameBytes));
        try
        {
            registration.Handler.OnDatagram(new Span<byte>(buffer + sizeof(RecvMsgOut) + NameBytes, payload), from);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, e);
        }
    }

    private void ReturnBuffer(ushort id)
    {
        ref ProvidedBuffer entry = ref _bufferRing[_bufferTail & (BufferCount - 1)];
        entry.Address = (ulong)(_buffers + ((nuint)id * BufferBytes));
        entry.Length = BufferBytes;
        entry.Id = id;
        _bufferTail++;
    }

    private void Release(Registration registration)
    {
        registration.Released = true;
        lock (_lock)
        {
            _registrations[registration.Id] = null;
            _freeIds.Push(registration.Id);
        }

        registration.Handle.DangerousRelease();
        registration.Removed.TrySetResult();
    }

    private void RequestRemoval(Registration registration)
    {
        _removals.Enqueue(registration);
        Wake();
        if (!_thread.IsAlive)
        {
            while (_removals.TryDequeue(out Registration? removed))
                removed.Removed.TrySetResult();
        }
    }

    private void Wake()
    {
        ulong one = 1;
        lock (_wakeLock)
        {
            if (!_wakeClosed && _wake >= 0)
                Write(_wake, &one, sizeof(ulong));
        }
    }

    private sealed class Registration(UringReceiveLoop loop, SafeSocketHandle handle, IDatagramHandler handler, SocketAddress from) : IAsyncDisposable
    {
        private int _disposed;

        public int Id { get; set; }

        public SafeSocketHandle Handle { get; } = handle;

        public int Fd { get; } = (int)handle.DangerousGetHandle();

        public IDatagramHandler Handler { get; } = handler;

        /// <summary>Written only by the loop thread, right before each handler call.</summary>
        public SocketAddress From { get; } = from;

        /// <summary>Loop thread only: a multishot receive is in the kernel for this socket.</summary>
        public bool Armed { get; set; }

        /// <summary>Loop thread only.</summary>
        public bool Removing { get; set; }

        /// <summary>Loop thread only.</summary>
        public bool Released { get; set; }

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
        [LoggerMessage(Level = LogLevel.Error, Message = "RTP receive thread stopped: io_uring_enter failed (errno {Errno})")]
        public static partial void EnterFailed(ILogger logger, int errno);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Socket {Fd} stopped receiving: multishot recvmsg failed (errno {Errno})")]
        public static partial void ReceiveFailed(ILogger logger, int fd, int errno);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A datagram handler failed; the datagram was dropped")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Thread} did not stop within 5 s; its descriptors are left open")]
        public static partial void StopTimedOut(ILogger logger, string? thread);
    }
}
