#!/usr/bin/python3
"""
The roll fixtures made by real office programs (issue 15), from the same truth table as the
exceljs ones (test/fixtures/roll/truth.json, written by scripts/make-roll-fixtures.ts).

Run once by hand and commit the (small) files; CI never runs it. Needs Debian's
python3-openpyxl, python3-xlsxwriter and LibreOffice with its Python bridge:

    apt-get install -y python3-openpyxl python3-xlsxwriter libreoffice-calc-nogui python3-uno
    /usr/bin/python3 scripts/make-roll-fixtures-office.py
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl
import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'roll')
TRUTH = json.load(open(os.path.join(OUT, 'truth.json'), encoding='utf-8'))
SEX = {'M': '男', 'F': '女'}
HEADER = ['序号', '姓名', '性别', '身份证号码', '村民小组', '类别', '联系电话', '审批文号', '备注']


def rows(people):
    return [[i + 1, p['name'], SEX[p['sex']], p['id'], p['group'], p['written'], '', p['approvalRef'], p['note']] for i, p in enumerate(people)]


def out(name):
    return os.path.join(OUT, name)


def with_openpyxl():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '选民名单'
    ws.append(HEADER)
    for r in rows(TRUTH['villagers']):
        ws.append(r)
    for c in ws['D']:
        c.number_format = '@'
    wb.save(out('openpyxl.xlsx'))

    # formulas: openpyxl stores the formula and no result
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '选民名单'
    ws.append(['序号', '姓名', '性别', '身份证号码', '组别'])
    for i, p in enumerate(TRUTH['clerk']):
        ws.append([i + 1, '="%s"' % p['name'], SEX[p['sex']], p['id'], p['group']])
    wb.save(out('openpyxl-formulas.xlsx'))


def with_xlsxwriter():
    wb = xlsxwriter.Workbook(out('xlsxwriter.xlsx'))
    ws = wb.add_worksheet('选民名单')
    text = wb.add_format({'num_format': '@'})
    ws.write_row(0, 0, HEADER)
    for i, r in enumerate(rows(TRUTH['villagers'])):
        ws.write_row(i + 1, 0, r)
        ws.write_string(i + 1, 3, r[3], text)
    wb.close()

    # formulas: XlsxWriter writes 0 as each formula's result and marks the workbook for recalculation
    wb = xlsxwriter.Workbook(out('xlsxwriter-formulas.xlsx'))
    ws = wb.add_worksheet('选民名单')
    ws.write_row(0, 0, ['序号', '姓名', '性别', '身份证号码', '组别'])
    for i, p in enumerate(TRUTH['clerk']):
        ws.write(i + 1, 0, i + 1)
        ws.write_formula(i + 1, 1, '="%s"' % p['name'])
        ws.write(i + 1, 2, SEX[p['sex']])
        ws.write_string(i + 1, 3, p['id'])
        ws.write(i + 1, 4, p['group'])
    wb.close()


def with_zipfile():
    # openpyxl.xlsx repacked entry by entry with ZIP64 records forced
    src = zipfile.ZipFile(out('openpyxl.xlsx'))
    with zipfile.ZipFile(out('python-zip64.xlsx'), 'w', zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            with dst.open(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), 'w', force_zip64=True) as f:
                f.write(src.read(info.filename))


def with_libreoffice():
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name = name
        p.Value = value
        return p

    work = tempfile.mkdtemp(prefix='roll-office-')
    src = os.path.join(work, 'roll.csv')
    with open(src, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for r in rows(TRUTH['villagers']):
            w.writerow(r)
    port = 2002 + os.getpid() % 1000
    office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', '-env:UserInstallation=file://' + work + '/profile',
                               '--accept=socket,host=127.0.0.1,port=%d;urp;' % port])
    try:
        ctx = None
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', uno.getComponentContext())
        for _ in range(60):
            try:
                ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext' % port)
                break
            except Exception:
                time.sleep(1)
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        # comma, double quote, UTF-8, from line 1; column 4 (the ID number) as text
        opts = '44,34,76,1,1/1/2/1/3/1/4/2/5/1/6/1/7/1/8/1/9/1'
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), '_blank', 0, (prop('Hidden', True), prop('FilterName', 'Text - txt - csv (StarCalc)'), prop('FilterOptions', opts)))
        doc.Sheets.getByIndex(0).Name = '选民名单'

        def save(name, filt, *extra):
            doc.storeToURL(uno.systemPathToFileUrl(out(name)), (prop('FilterName', filt), prop('Overwrite', True)) + extra)

        save('libreoffice.xlsx', 'Calc MS Excel 2007 XML')
        save('libreoffice.ods', 'calc8')
        save('libreoffice.xls', 'MS Excel 97')
        save('libreoffice-2003.xml', 'MS Excel 2003 XML')
        save('libreoffice-html.xls', 'HTML (StarCalc)')
        doc.close(True)
        shutil.copyfile(out('libreoffice.xls'), out('wps.et'))
    finally:
        office.terminate()
        office.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    with_openpyxl()
    with_xlsxwriter()
    with_zipfile()
    with_libreoffice()
    print('written to', os.path.normpath(OUT))
