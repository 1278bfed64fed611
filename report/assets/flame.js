/* flame.js: draws perfaudit's flame graph page from the JSON in #flame-data (embedded in the
 * page at build time). Frames are absolutely positioned divs (.frame, id "frame-N" for tree
 * node N); the tree arrives as columns in pre-order, so a node's subtree is [N, end[N]). */
(function () {
    'use strict';

    var ROW = 18;       /* px per stack level, as --row in flame.css */
    var MIN_PX = 0.5;   /* narrower frames (and their subtrees) are not drawn */
    var MERGE_PX = 2;   /* narrower frames side by side are drawn as one block */
    var LABEL_PX = 24;  /* narrower frames get no label */

    var data = JSON.parse(document.getElementById('flame-data').textContent);
    var nodes = data.nodes, frames = data.frames, diff = !!data.diff;
    var N = nodes.frame.length;
    var frameOf = nodes.frame, parent = nodes.parent;
    /* side 0 is the profile drawn ("after"), side 1 its baseline ("before") */
    var total = [nodes.total, diff ? nodes.btotal : nodes.total];
    var self = [nodes.self, diff ? nodes.bself : nodes.self];
    var period = [data.profiles[0].period, data.profiles[diff ? 1 : 0].period];

    var chart = document.getElementById('chart');
    var tooltip = document.getElementById('tooltip');
    var search = document.getElementById('search');
    var matchText = document.getElementById('match');
    var resetButton = document.getElementById('reset');
    var crumbs = document.getElementById('crumbs');

    var depth = new Int32Array(N), end = new Int32Array(N);
    var i;
    for (i = 1; i < N; i++)
        depth[i] = depth[parent[i]] + 1;
    for (i = 0; i < N; i++)
        end[i] = i + 1;
    for (i = N - 1; i > 0; i--)
        if (end[i] > end[parent[i]])
            end[parent[i]] = end[i];

    var state = {
        side: 0,       /* which profile the widths come from */
        zoom: 0,       /* the node whose subtree fills the width */
        icicle: false, /* root at the top */
        focus: -1,     /* the keyboard's frame */
        hover: -1,
        match: null    /* Uint8Array per node, or null without a search */
    };
    var offsets = [null, null]; /* per side: each node's left edge, in samples */
    var drawn = {};             /* node -> its element, for the current drawing */
    var rows = [];              /* depth -> drawn nodes, left to right */

    function name(n) {
        return n === 0 ? 'all' : frames.name[frameOf[n]];
    }

    function seconds(n, side) {
        return total[side][n] * period[side];
    }

    /* Left edges in samples: children sit side by side from their parent's left edge. */
    function layout(side) {
        if (offsets[side])
            return offsets[side];
        var x = new Float64Array(N), next = new Float64Array(N), v = total[side];
        for (var n = 1; n < N; n++) {
            x[n] = next[parent[n]];
            next[parent[n]] += v[n];
            next[n] = x[n];
        }
        offsets[side] = x;
        return x;
    }

    /* A stable warm colour per name (FNV-1a hash), as flame graphs traditionally use. */
    var colourCache = {};
    function hash(s) {
        var h = 2166136261;
        for (var k = 0; k < s.length; k++) {
            h ^= s.charCodeAt(k);
            h = Math.imul(h, 16777619);
        }
        return h >>> 0;
    }
    function warm(n) {
        if (n === 0)
            return 'hsl(30, 14%, 80%)';
        var key = name(n);
        var c = colourCache[key];
        if (!c) {
            var h = hash(key);
            var hue = 4 + (h % 1000) / 1000 * 44;               /* red to amber */
            var sat = 72 + ((h >>> 10) % 100) / 100 * 18;
            var light = 56 + ((h >>> 17) % 100) / 100 * 12;
            c = colourCache[key] = 'hsl(' + hue.toFixed(1) + ', ' + sat.toFixed(0) + '%, ' +
                light.toFixed(0) + '%)';
        }
        return c;
    }

    /* Differential colour: red for more time after, blue for less, by the change in the
     * frame's own (self) seconds relative to the largest such change in the graph. The self
     * change puts the colour where the time moved; a total change would paint every ancestor
     * of it as strongly (their totals are in the tooltip). */
    function selfSeconds(n, side) {
        return self[side][n] * period[side];
    }
    var maxDelta = 0;
    if (diff)
        for (i = 1; i < N; i++)
            maxDelta = Math.max(maxDelta, Math.abs(selfSeconds(i, 0) - selfSeconds(i, 1)));
    function changeColour(n) {
        var d = selfSeconds(n, 0) - selfSeconds(n, 1);
        var t = maxDelta > 0 ? Math.abs(d) / maxDelta : 0;
        if (t < 0.005)
            return 'hsl(30, 10%, 88%)';
        var light = 90 - 38 * Math.sqrt(t);
        return d > 0 ? 'hsl(2, 80%, ' + light.toFixed(0) + '%)'
                     : 'hsl(215, 75%, ' + light.toFixed(0) + '%)';
    }

    function pct(x) {
        var p = 100 * x;
        return (p >= 10 || p === 0 ? p.toFixed(1) : p.toFixed(2)) + '%';
    }
    function time(s) {
        var a = Math.abs(s);
        if (a === 0)
            return '0 s';
        if (a >= 1)
            return s.toFixed(3) + ' s';
        if (a >= 1e-3)
            return (s * 1e3).toFixed(2) + ' ms';
        return (s * 1e6).toFixed(1) + ' \u00b5s';
    }
    function count(x) {
        return x.toLocaleString('en-US');
    }
    function samples(x) {
        return count(x) + (x === 1 ? ' sample' : ' samples');
    }
    function where(n) {
        if (n === 0)
            return 'every sample';
        var f = frameOf[n], file = frames.file[f], line = frames.line[f];
        if (file)
            return line ? file + ':' + line : file;
        return frames.module[f] ? frames.module[f] + ' (no debug information)'
                                : 'no debug information';
    }

    function escapeHTML(s) {
        return String(s).replace(/[&<>"]/g, function (c) {
            return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
        });
    }

    /* Which frames to draw, and where: [node, left px, width px]. Frames narrower than
     * MERGE_PX are not drawn one by one: runs of them side by side at one depth become one
     * .merged block (a lone one is drawn as itself), and their descendants are left out. */
    function place(v, x, zoom, width) {
        var scale = v[zoom] > 0 ? width / v[zoom] : 0, x0 = x[zoom];
        var placed = [], merged = [], runs = [], n;
        var ancestors = [];
        for (n = parent[zoom]; n >= 0; n = parent[n])
            ancestors.push(n); /* drawn across the whole width */
        for (n = ancestors.length - 1; n >= 0; n--)
            placed.push([ancestors[n], 0, width]);
        function flush(run) {
            if (run.right - run.left < MIN_PX)
                return;
            if (run.count === 1)
                placed.push([run.node, run.left, run.right - run.left]);
            else
                merged.push(run);
        }
        for (n = zoom; n < end[zoom];) {
            var w = v[n] * scale, left = (x[n] - x0) * scale;
            if (w >= MERGE_PX || n === zoom) {
                placed.push([n, left, w]);
                n++;
                continue;
            }
            if (w > 0) {
                var d = depth[n], run = runs[d];
                if (run && left - run.right <= 0.5) {
                    run.right = left + w;
                    run.count++;
                } else {
                    if (run)
                        flush(run);
                    runs[d] = {node: n, depth: d, left: left, right: left + w, count: 1};
                }
            }
            n = end[n]; /* its descendants are narrower still */
        }
        runs.forEach(function (run) {
            if (run)
                flush(run);
        });
        return {placed: placed, merged: merged};
    }

    function draw() {
        var v = total[state.side], x = layout(state.side);
        if (v[state.zoom] <= 0)
            state.zoom = 0;
        var zoom = state.zoom, width = chart.clientWidth;
        var layoutNow = place(v, x, zoom, width), placed = layoutNow.placed, k, n;
        var levels = 0;
        for (k = 0; k < placed.length; k++)
            levels = Math.max(levels, depth[placed[k][0]] + 1);
        layoutNow.merged.forEach(function (run) {
            levels = Math.max(levels, run.depth + 1);
        });
        var top = function (d) {
            return (state.icicle ? d : levels - 1 - d) * ROW;
        };
        /* one string and one innerHTML: far faster than an element at a time */
        var html = [];
        for (k = 0; k < placed.length; k++) {
            var node = placed[k][0], left = placed[k][1], fw = placed[k][2];
            var label = escapeHTML(name(node));
            html.push('<div class="frame' + (node < zoom ? ' ancestor' : '') +
                (node === zoom && zoom !== 0 ? ' zoomed' : '') +
                (state.match && state.match[node] ? ' match' : '') +
                (node === state.focus ? ' focused' : '') + '" id="frame-' + node +
                '" data-id="' + node + '" data-name="' + label + '" data-depth="' + depth[node] +
                '" role="button" aria-label="' + label + ', ' + pct(v[0] ? v[node] / v[0] : 0) +
                '" style="left:' + left.toFixed(2) + 'px;width:' +
                Math.max(fw - 0.5, 0.5).toFixed(2) + 'px;top:' + top(depth[node]) +
                'px;background:' + (diff ? changeColour(node) : warm(node)) + '">' +
                (fw >= LABEL_PX ? label : '') + '</div>');
        }
        layoutNow.merged.forEach(function (run) {
            html.push('<div class="merged" data-count="' + run.count + '" data-parent="' +
                Math.max(parent[run.node], 0) + '" style="left:' +
                run.left.toFixed(2) + 'px;width:' + (run.right - run.left).toFixed(2) +
                'px;top:' + top(run.depth) + 'px"></div>');
        });
        chart.style.height = levels * ROW + 'px';
        chart.innerHTML = html.join('');
        drawn = {};
        rows = [];
        var elements = chart.children;
        for (k = 0; k < placed.length; k++) {
            n = placed[k][0];
            drawn[n] = elements[k];
            (rows[depth[n]] = rows[depth[n]] || []).push(n);
        }
        rows.forEach(function (row) {
            row.sort(function (a, b) {
                return x[a] - x[b];
            });
        });
        chart.setAttribute('data-zoom', zoom);
        chart.setAttribute('data-orientation', state.icicle ? 'icicle' : 'flame');
        chart.setAttribute('data-side', state.side ? 'before' : 'after');
        resetButton.disabled = zoom === 0;
        var path = [];
        for (n = zoom; n > 0; n = parent[n])
            path.unshift(name(n));
        crumbs.textContent = zoom ? 'all \u203a ' + path.join(' \u203a ') : '';
        crumbs.title = crumbs.textContent;
        if (state.focus >= 0 && drawn[state.focus])
            chart.setAttribute('aria-activedescendant', 'frame-' + state.focus);
        else
            chart.removeAttribute('aria-activedescendant');
    }

    function zoomTo(n) {
        if (total[state.side][n] <= 0)
            return;
        state.zoom = n;
        hideTooltip();
        draw();
    }

    /* Search: a case-insensitive regular expression, or the text itself when it is not one. */
    function compile(text) {
        if (!text)
            return null;
        try {
            return new RegExp(text, 'i');
        } catch (e) {
            return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        }
    }
    function runSearch() {
        var re = compile(search.value.trim());
        if (!re) {
            state.match = null;
            matchText.textContent = '';
            matchText.classList.remove('active');
            draw();
            return;
        }
        var byFrame = new Int8Array(frames.name.length); /* 0 unknown, 1 no, 2 yes */
        var match = new Uint8Array(N), v = total[state.side];
        var matched = 0, covered = 0, coverEnd = 0;
        for (var n = 1; n < N; n++) {
            var f = frameOf[n];
            if (!byFrame[f])
                byFrame[f] = re.test(frames.name[f]) ? 2 : 1;
            if (byFrame[f] !== 2 || v[n] <= 0)
                continue;
            match[n] = 1;
            matched++;
            if (n >= coverEnd) { /* a match inside a match counts its samples once */
                covered += v[n];
                coverEnd = end[n];
            }
        }
        state.match = match;
        matchText.textContent = matched + (matched === 1 ? ' frame' : ' frames') + ' matched, ' +
            pct(v[0] > 0 ? covered / v[0] : 0) + ' of the total';
        matchText.classList.add('active');
        draw();
    }

    function tooltipHTML(n) {
        var esc = escapeHTML;
        var h = '<div class="name">' + esc(name(n)) + '</div><div class="where">' +
            esc(where(n)) + '</div><table>';
        var row = function (label, value, cls) {
            h += '<tr><td>' + label + '</td><td' + (cls ? ' class="' + cls + '"' : '') + '>' +
                value + '</td></tr>';
        };
        if (!diff) {
            var v = total[0];
            row('total', samples(v[n]) + ', ' + time(seconds(n, 0)) + ', ' +
                pct(v[0] ? v[n] / v[0] : 0) + ' of total');
            row('self', samples(self[0][n]) + ', ' + time(self[0][n] * period[0]) + ', ' +
                pct(v[0] ? self[0][n] / v[0] : 0));
        } else {
            var b = seconds(n, 1), a = seconds(n, 0), d = a - b;
            var share = function (side) {
                return total[side][0] ? pct(total[side][n] / total[side][0]) : '-';
            };
            row('before', time(b) + ' (' + samples(total[1][n]) + ', ' + share(1) +
                ' of total)');
            row('after', time(a) + ' (' + samples(total[0][n]) + ', ' + share(0) +
                ' of total)');
            var change = b > 0 ? (d >= 0 ? '+' : '') + pct(d / b) : (a > 0 ? 'new' : '-');
            row('delta', (d >= 0 ? '+' : '') + time(d) + ' (' + change + ')',
                d > 0 ? 'up' : d < 0 ? 'down' : '');
            row('self', time(self[1][n] * period[1]) + ' \u2192 ' + time(self[0][n] * period[0]));
        }
        return h + '</table>';
    }

    /* html: the content for something that is not a frame (a merged block), else null */
    function showTooltip(n, px, py, html) {
        var key = html ? html : n;
        if (state.hover !== key) {
            tooltip.innerHTML = html || tooltipHTML(n);
            state.hover = key;
        }
        tooltip.hidden = false;
        var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
        var left = px + 14, top = py + 16;
        if (left + w > window.innerWidth - 4)
            left = Math.max(4, px - w - 14);
        if (top + h > window.innerHeight - 4)
            top = Math.max(4, py - h - 12);
        tooltip.style.left = left + 'px';
        tooltip.style.top = top + 'px';
    }
    function hideTooltip() {
        tooltip.hidden = true;
        state.hover = -1;
    }

    function frameAt(target) {
        var el = target && target.closest ? target.closest('.frame') : null;
        return el ? +el.getAttribute('data-id') : -1;
    }

    function setFocus(n) {
        if (n < 0 || !drawn[n])
            return;
        if (state.focus >= 0 && drawn[state.focus])
            drawn[state.focus].classList.remove('focused');
        state.focus = n;
        drawn[n].classList.add('focused');
        chart.setAttribute('aria-activedescendant', 'frame-' + n);
        var r = drawn[n].getBoundingClientRect();
        showTooltip(n, r.left + Math.min(r.width / 2, 40), r.bottom);
    }

    /* The frame drawn one level towards the leaves (dir 1) or the root (dir -1). */
    function vertical(n, dir) {
        if (dir < 0)
            return parent[n] >= 0 && drawn[parent[n]] ? parent[n] : -1;
        var next = rows[depth[n] + 1] || [];
        for (var k = 0; k < next.length; k++)
            if (parent[next[k]] === n)
                return next[k];
        return -1;
    }

    function mergedAt(target) {
        return target && target.closest ? target.closest('.merged') : null;
    }

    chart.addEventListener('click', function (e) {
        var n = frameAt(e.target), m = mergedAt(e.target);
        if (m)
            n = +m.getAttribute('data-parent'); /* zoom in far enough to tell them apart */
        if (n < 0)
            return;
        state.focus = n;
        zoomTo(n);
    });
    chart.addEventListener('mousemove', function (e) {
        var n = frameAt(e.target), m = mergedAt(e.target);
        if (m)
            showTooltip(-1, e.clientX, e.clientY, '<div class="name">' +
                m.getAttribute('data-count') + ' narrow frames</div><div class="where">' +
                'too narrow to draw one by one: click to zoom in</div>');
        else if (n < 0)
            hideTooltip();
        else
            showTooltip(n, e.clientX, e.clientY);
    });
    chart.addEventListener('mouseleave', hideTooltip);
    chart.addEventListener('focus', function () {
        setFocus(state.focus >= 0 && drawn[state.focus] ? state.focus : state.zoom);
    });
    chart.addEventListener('blur', hideTooltip);
    chart.addEventListener('keydown', function (e) {
        var n = state.focus >= 0 && drawn[state.focus] ? state.focus : state.zoom, to = -1;
        var row = rows[depth[n]] || [], at = row.indexOf(n);
        switch (e.key) {
        case 'ArrowLeft':
            to = at > 0 ? row[at - 1] : -1;
            break;
        case 'ArrowRight':
            to = at >= 0 && at + 1 < row.length ? row[at + 1] : -1;
            break;
        case 'ArrowUp': /* up the screen: to the leaves in a flame graph, the root in an icicle */
            to = vertical(n, state.icicle ? -1 : 1);
            break;
        case 'ArrowDown':
            to = vertical(n, state.icicle ? 1 : -1);
            break;
        case 'Home':
            to = 0;
            break;
        case 'Enter':
        case ' ':
            state.focus = n;
            zoomTo(n);
            setFocus(n);
            e.preventDefault();
            return;
        case 'Escape':
            zoomTo(0);
            setFocus(state.focus);
            return;
        default:
            return;
        }
        e.preventDefault();
        if (to >= 0)
            setFocus(to);
    });

    resetButton.addEventListener('click', function () {
        zoomTo(0);
    });
    function orient(icicle) {
        state.icicle = icicle;
        document.getElementById('view-flame').setAttribute('aria-pressed', String(!icicle));
        document.getElementById('view-icicle').setAttribute('aria-pressed', String(icicle));
        draw();
    }
    document.getElementById('view-flame').addEventListener('click', function () {
        orient(false);
    });
    document.getElementById('view-icicle').addEventListener('click', function () {
        orient(true);
    });
    if (diff) {
        var widthFrom = function (side) {
            state.side = side;
            document.getElementById('width-after').setAttribute('aria-pressed', String(side === 0));
            document.getElementById('width-before').setAttribute('aria-pressed', String(side === 1));
            hideTooltip();
            if (state.match)
                runSearch(); /* the matched share is of the side drawn */
            else
                draw();
        };
        document.getElementById('width-after').addEventListener('click', function () {
            widthFrom(0);
        });
        document.getElementById('width-before').addEventListener('click', function () {
            widthFrom(1);
        });
    }

    var searchTimer = 0;
    search.addEventListener('input', function () {
        clearTimeout(searchTimer);
        searchTimer = setTimeout(runSearch, N > 20000 ? 120 : 0);
    });
    search.addEventListener('keydown', function (e) {
        if (e.key === 'Escape') {
            search.value = '';
            runSearch();
        } else if (e.key === 'Enter') {
            clearTimeout(searchTimer);
            runSearch();
        }
    });
    document.addEventListener('keydown', function (e) {
        var typing = e.target === search || (e.target && e.target.tagName === 'INPUT');
        if (e.key === '/' && !typing) {
            e.preventDefault();
            search.focus();
            search.select();
        } else if (e.key === 'Escape' && !typing && e.target !== chart) {
            zoomTo(0);
        }
    });

    var pending = false;
    window.addEventListener('resize', function () {
        if (pending)
            return;
        pending = true;
        requestAnimationFrame(function () {
            pending = false;
            draw();
        });
    });

    draw();
})();
