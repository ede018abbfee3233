namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the state of one boot.
public sealed partial class KdumpTracker
{
    /// <summary>One boot of a kernel as the console showed it.</summary>
    private sealed class Boot(long startLine, bool banner)
    {
        public long StartLine { get; } = startLine;
        public bool HasBanner { get; set; } = banner;
        // ppc64 fadump: the line of "Firmware-assisted dump is active." and of the last command line in this boot.
        public long? FadumpActiveLine { get; set; }
        public long? CommandLineLine { get; set; }
        public bool? Capture { get; set; }
        public bool Evidence { get; set; }
        public string? CrashKernelArgument { get; set; }
        public long? ReservedBytes { get; private set; }
        public long? SystemRamBytes { get; private set; }
        public bool? Armed { get; private set; }
        public string? NotArmedReason { get; private set; }
        public string? ServiceError { get; set; }
        // `systemctl status` of an arming unit: its header's line, until its Active: line is read.
        public long? StatusHeaderLine { get; set; }
        public string? StatusUnit { get; set; }
        public int? PanicTimeout { get; set; }
        public bool? PanicOnOops { get; set; }
        public bool FadumpRegistered { get; set; }
        public bool FadumpMode { get; set; }
        // The last kexec command line seen staged a kernel with -l/--load, not the crash kernel with -p.
        public bool PlainKexecLoad { get; set; }
        public bool FadumpReserved { get; set; }
        public long LastLine { get; private set; }
        public KdumpTimeline Events { get; } = new();

        // The kernel's own word on the reservation beats the argument: a failed one reserved nothing, whatever was asked.
        public long? CrashKernelBytes => ReservedBytes ?? (CrashKernelArgument is { } a && !ReservationFailed ? CrashKernelSize.FromArgument(a, SystemRamBytes) : null);

        public bool ReservationFailed { get; set; }

        public void Reserved(long bytes, long? systemRamMb, long n, DateTimeOffset at)
        {
            ReservedBytes = bytes;
            SystemRamBytes = systemRamMb is { } mb ? mb << 20 : SystemRamBytes;
            Evidence = true;
            LastLine = n;
            Events.Add(new KdumpEvent(n, at, $"crashkernel reserved ({CrashKernelSize.Format(bytes)})"));
        }

        // A reason that only says the service failed (systemctl's unit state), which the service's own words replace.
        private bool _weakReason;

        public void SetArmed(bool armed, string reason, long n, DateTimeOffset at, string? @event, bool overrides = false, bool weak = false, bool explainsRun = true)
        {
            Evidence = true;
            LastLine = n;
            if (@event is not null)
            {
                Events.Add(new KdumpEvent(n, at, @event));
            }
            if (!armed)
            {
                // The first specific reason stays: "No memory reserved" explains the "[FAILED]" that follows it. But
                // not past the end of the run it explained: a failure after that belongs to the next run, whose reason
                // is the state now (round 15: a first `kdumpctl start` without its kernel image, a second one whose
                // kexec_load fails).
                if (overrides || Armed != false || NotArmedReason is null || _weakReason && !weak || _runEnded && explainsRun)
                {
                    NotArmedReason = reason;
                    _weakReason = weak;
                }
                _runEnded &= !explainsRun;
                Armed = false;
                return;
            }
            Armed = true;
            NotArmedReason = null;
        }

        // kdumpctl start's last word ("Starting kdump: [OK]"/"[FAILED]", kdump-utils kdumpctl main: dinfo/derror, then
        // exit) was read: the next reason that explains a failure is another run's. Lines that only report the state
        // (systemd's about the unit that just failed, kdumpctl status's "Kdump is not operational", kdump-config's
        // "Not ready to kdump") pass explainsRun: false and change neither.
        private bool _runEnded;

        public void EndRun() => _runEnded = true;

        private string Loaded => FadumpRegistered ? "fadump registered" : "capture kernel loaded";

        // The last finding Readiness() made, and what it was made from: the reader asks after every change of the story
        // (several times per crash on a crash-dense console) and the boot has seldom changed since; the events only grow.
        private KdumpFinding? _readiness;
        private ReadinessInputs _readinessInputs;

        private readonly record struct ReadinessInputs(
            bool? Armed, string? NotArmedReason, long? CrashKernelBytes, string? CrashKernelArgument, string? ServiceError,
            bool FadumpRegistered, bool FadumpReserved, int? PanicTimeout, bool? PanicOnOops, long LastLine, int EventChanges);

        public KdumpFinding Readiness()
        {
            var inputs = new ReadinessInputs(
                Armed, NotArmedReason, CrashKernelBytes, CrashKernelArgument, ServiceError, FadumpRegistered, FadumpReserved,
                PanicTimeout, PanicOnOops, LastLine, Events.Changes);
            if (_readiness is null || inputs != _readinessInputs)
            {
                _readiness = MakeReadiness();
                _readinessInputs = inputs;
            }
            return _readiness;
        }

        private KdumpFinding MakeReadiness()
        {
            string size = CrashKernelBytes is { } b ? CrashKernelSize.Format(b) : null!;
            string reason = Armed switch
            {
                false => NotArmedReason ?? "not armed",
                true => size is null ? $"kdump armed: {Loaded}" : $"kdump armed: crashkernel {size} reserved, {Loaded}",
                null => size is null && CrashKernelArgument is null && ServiceError is { } said
                    ? $"the kdump service said: {said}; no load result on the console"
                    : size is null
                    ? $"crashkernel{(CrashKernelArgument is { } a ? "=" + a : "")} on the command line; no reservation or load result on the console"
                    : FadumpReserved
                    ? $"fadump {size} reserved; no fadump registration on the console"
                    : $"crashkernel {size} reserved; no kexec load result on the console",
            };
            return new KdumpFinding(
                KdumpFindingKind.Readiness, StartLine, Math.Max(LastLine, StartLine), Armed,
                Armed == false ? KdumpOutcome.NotArmed : KdumpOutcome.Unknown, reason, CrashKernelBytes, null,
                PanicTimeout, PanicOnOops, false, Events.ToArray());
        }
    }
}
